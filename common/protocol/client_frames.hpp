#pragma once
// Frames a widget sends on the live stream (GET /v1/ws). See docs/protocol.md.

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/variant.hpp>
#include <cstdint>
#include <string>
#include <variant>

namespace baton {

// First frame unless the token came in the Sec-WebSocket-Protocol header:
// proves the session and asks for everything after `after_seq`.
struct Hello {
  std::string session_id;
  std::string token;
  std::uint64_t after_seq = 0;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(session_id), CEREAL_NVP(token), CEREAL_NVP(after_seq));
  }

  friend bool operator==(const Hello&, const Hello&) = default;
};

// A visitor message; `cid` makes a resend harmless.
struct SendText {
  std::string cid;
  std::string text;
  // Since version 2: an uploaded attachment's id ("a_…"); `text` is then
  // its caption and may be empty.
  std::string attachment_id;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const version) {
    ar(CEREAL_NVP(cid), CEREAL_NVP(text));
    if (version >= 2) ar(CEREAL_NVP(attachment_id));
  }

  friend bool operator==(const SendText&, const SendText&) = default;
};

// The tab has shown its visitor every entry up to `seq`: the agent's
// WhatsApp messages among them are marked read there (blue ticks).
struct Seen {
  std::uint64_t seq = 0;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(seq));
  }

  friend bool operator==(const Seen&, const Seen&) = default;
};

// The visitor is typing; the widget says so at most every 10 seconds. The
// agent sees WhatsApp's typing indicator.
struct Typing {
  template <class Archive>
  void serialize(Archive& /*ar*/, std::uint32_t const /*version*/) {}

  friend bool operator==(const Typing&, const Typing&) = default;
};

// New kinds only ever join at the end: a variant's index is on the wire.
using ClientFrame = std::variant<Hello, SendText, Seen, Typing>;

}  // namespace baton

CEREAL_CLASS_VERSION(baton::Hello, 1)
CEREAL_CLASS_VERSION(baton::SendText, 2)
CEREAL_CLASS_VERSION(baton::Seen, 1)
CEREAL_CLASS_VERSION(baton::Typing, 1)
