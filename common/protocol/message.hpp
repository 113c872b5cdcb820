#pragma once
// One entry of a conversation log, and a later change of its delivery status.
// Both take a sequence number from the same per-session counter, so "everything
// after seq N" is exactly what a reconnecting tab missed.

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cstdint>
#include <string>

#include "common/author.hpp"
#include "common/message_kind.hpp"
#include "common/message_status.hpp"

namespace baton {

struct Message {
  std::uint64_t seq = 0;
  std::string id;   // relay-assigned, unique across sessions
  std::string cid;  // the client id the widget chose; empty for other authors
  Author author = Author::system;
  std::string author_name;  // agent's or assistant's display name
  MessageKind kind = MessageKind::text;
  std::string text;
  MessageStatus status = MessageStatus::sent;
  std::int64_t ts_ms = 0;  // Unix time in milliseconds, UTC
  // Since version 2, for a reaction: the id of the message it reacts to,
  // and `text` is the emoji alone ("" takes the reaction back). Empty when
  // the reacted-to message is not one of this chat's.
  std::string about;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const version) {
    ar(CEREAL_NVP(seq), CEREAL_NVP(id), CEREAL_NVP(cid), CEREAL_NVP(author), CEREAL_NVP(author_name), CEREAL_NVP(kind),
       CEREAL_NVP(text), CEREAL_NVP(status), CEREAL_NVP(ts_ms));
    if (version >= 2) ar(CEREAL_NVP(about));
  }

  friend bool operator==(const Message&, const Message&) = default;
};

struct StatusChange {
  std::uint64_t seq = 0;
  std::string message_id;
  MessageStatus status = MessageStatus::sent;
  std::int64_t ts_ms = 0;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(seq), CEREAL_NVP(message_id), CEREAL_NVP(status), CEREAL_NVP(ts_ms));
  }

  friend bool operator==(const StatusChange&, const StatusChange&) = default;
};

}  // namespace baton

CEREAL_CLASS_VERSION(baton::Message, 2)
CEREAL_CLASS_VERSION(baton::StatusChange, 1)
