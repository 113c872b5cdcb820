#pragma once
// What relays tell each other through the cluster's hub: a frame for one
// chat's tabs, a frame for every tab, "re-read what you may have missed",
// "this setting changed, read it again", "I am alive" (and "a console is
// open here"), "there is outbox work for this recipient, whose lane you
// look after", or an event of the console's feed.
// The frame travels in the live stream's binary encoding; the envelope names
// the relay that sent it, so that relay skips its own (it delivered locally).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/protocol/server_frames.hpp"

namespace baton {

using RelayId = std::array<std::uint8_t, 8>;

struct HubEnvelope {
  enum class Kind : std::uint8_t {
    session = 's',
    everyone = 'a',
    resync = 'r',
    setting = 'c',
    heartbeat = 'h',
    work = 'w',
    feed = 'f',
  };
  Kind kind = Kind::session;
  RelayId origin{};
  // The chat for Kind::session, the setting's key, the work's recipient;
  // for a heartbeat, "console" while a console is open on its relay.
  std::string subject;
  // A binary-encoded ServerFrame for Kind::session and Kind::everyone; the
  // event's JSON for Kind::feed.
  std::string frame;
};

std::string encode_envelope(HubEnvelope::Kind kind, const RelayId& origin, std::string_view subject,
                            std::string_view frame);

// Empty when the bytes are not an envelope this relay can read (never throws;
// the frame itself is decoded by the caller).
std::optional<HubEnvelope> decode_envelope(std::string_view bytes);

}  // namespace baton
