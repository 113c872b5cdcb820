#pragma once
// Frames the relay sends on the live stream. See docs/protocol.md.

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/variant.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/protocol/handoff.hpp"
#include "common/protocol/message.hpp"

namespace baton {

// Answer to a valid hello; the gap after the client's `after_seq` follows.
struct Welcome {
  std::string session_id;
  std::string code;
  SessionState state = SessionState::bot;
  std::string agent_name;
  std::uint64_t last_seq = 0;
  std::string agent_photo;  // the agent's picture (an http(s) URL the site owner gave), or empty

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const version) {
    ar(CEREAL_NVP(session_id), CEREAL_NVP(code), CEREAL_NVP(state), CEREAL_NVP(agent_name), CEREAL_NVP(last_seq));
    if (version >= 2) ar(CEREAL_NVP(agent_photo));
  }

  friend bool operator==(const Welcome&, const Welcome&) = default;
};

// A SendText is durable: the widget may drop it from its outbox.
struct Ack {
  std::string cid;
  std::string id;
  std::uint64_t seq = 0;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(cid), CEREAL_NVP(id), CEREAL_NVP(seq));
  }

  friend bool operator==(const Ack&, const Ack&) = default;
};

// The session moved between bot, waiting, live and ended.
struct StateChange {
  SessionState state = SessionState::bot;
  std::string agent_name;
  std::string agent_photo;  // filled in by the relay from the agent's settings, as Welcome's

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const version) {
    ar(CEREAL_NVP(state), CEREAL_NVP(agent_name));
    if (version >= 2) ar(CEREAL_NVP(agent_photo));
  }

  friend bool operator==(const StateChange&, const StateChange&) = default;
};

// A refused frame. `cid` names the SendText it refers to, if any; the
// connection stays open unless the code says otherwise.
struct ErrorFrame {
  std::string code;
  std::string message;
  std::string cid;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(code), CEREAL_NVP(message), CEREAL_NVP(cid));
  }

  friend bool operator==(const ErrorFrame&, const ErrorFrame&) = default;
};

// The assistant at work on an answer to the visitor message `draft_id`,
// before the answer is stored: `typing` when it starts, `text` while a model
// streams (`delta` belongs at byte `offset` of the draft), `ended` once the
// answer is stored or dropped. Never part of the log: a tab that connects
// later sees only the stored answer.
struct AssistantDraft {
  enum class Phase : std::uint8_t { typing = 0, text = 1, ended = 2 };

  std::string draft_id;
  Phase phase = Phase::typing;
  std::uint32_t offset = 0;
  std::string delta;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(draft_id), CEREAL_NVP(phase), CEREAL_NVP(offset), CEREAL_NVP(delta));
  }

  friend bool operator==(const AssistantDraft&, const AssistantDraft&) = default;
};

// Who can take a chat changed (an agent went away, filled up, the business
// closed): sent to every open tab, so no widget shows a stale "online".
struct AvailabilityChange {
  bool online = false;
  std::uint32_t agents_online = 0;
  std::int64_t next_open_ms = 0;  // 0: open now (or no hours known)
  std::vector<HandoffMode> options;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(online), CEREAL_NVP(agents_online), CEREAL_NVP(next_open_ms), CEREAL_NVP(options));
  }

  friend bool operator==(const AvailabilityChange&, const AvailabilityChange&) = default;
};

// Where a waiting chat stands: how many chats of the same agent have waited
// longer, and how long chats typically wait (0: not enough history yet).
struct QueueUpdate {
  std::uint32_t ahead = 0;
  std::uint32_t typical_wait_s = 0;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(ahead), CEREAL_NVP(typical_wait_s));
  }

  friend bool operator==(const QueueUpdate&, const QueueUpdate&) = default;
};

// New alternatives go at the end: the binary encoding carries the index.
using ServerFrame = std::variant<Welcome, Message, StatusChange, Ack, StateChange, ErrorFrame, AssistantDraft,
                                 AvailabilityChange, QueueUpdate>;

}  // namespace baton

CEREAL_CLASS_VERSION(baton::Welcome, 2)
CEREAL_CLASS_VERSION(baton::Ack, 1)
CEREAL_CLASS_VERSION(baton::StateChange, 2)
CEREAL_CLASS_VERSION(baton::ErrorFrame, 1)
CEREAL_CLASS_VERSION(baton::AssistantDraft, 1)
CEREAL_CLASS_VERSION(baton::AvailabilityChange, 1)
CEREAL_CLASS_VERSION(baton::QueueUpdate, 1)
