#pragma once
// One entry of a conversation log, and a later change of its delivery status.
// Both take a sequence number from the same per-session counter, so "everything
// after seq N" is exactly what a reconnecting tab missed.

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cstdint>
#include <string>

#include "common/attachment.hpp"
#include "common/author.hpp"
#include "common/message_kind.hpp"
#include "common/message_status.hpp"

namespace baton {

// A time range written inside a message's text: bytes [at, at + size) of the
// text say it in the relay's words (the visitor's zone, English names, so a
// WhatsApp copy and an old client still read it). A client that knows the
// visitor's language says it again in theirs.
struct TimeInText {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  std::uint32_t at = 0;
  std::uint32_t size = 0;  // 0: the text holds no time

  template <class Archive>
  void serialize(Archive& ar) {
    ar(CEREAL_NVP(from_ms), CEREAL_NVP(to_ms), CEREAL_NVP(at), CEREAL_NVP(size));
  }

  friend bool operator==(const TimeInText&, const TimeInText&) = default;
};

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
  // Since version 3: a call's time in `text`, for the widget to reword.
  TimeInText time;
  // Since version 4: the file this message carries (kind media); `text` is
  // then its caption, or a label for readers that cannot show files.
  Attachment attachment;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const version) {
    ar(CEREAL_NVP(seq), CEREAL_NVP(id), CEREAL_NVP(cid), CEREAL_NVP(author), CEREAL_NVP(author_name), CEREAL_NVP(kind),
       CEREAL_NVP(text), CEREAL_NVP(status), CEREAL_NVP(ts_ms));
    if (version >= 2) ar(CEREAL_NVP(about));
    if (version >= 3) ar(CEREAL_NVP(time));
    if (version >= 4) ar(CEREAL_NVP(attachment));
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

CEREAL_CLASS_VERSION(baton::Message, 4)
CEREAL_CLASS_VERSION(baton::StatusChange, 1)
