#pragma once
// What relays tell each other through the cluster's hub: a frame for one
// chat's tabs, a frame for every tab, or "re-read what you may have missed".
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
  enum class Kind : std::uint8_t { session = 's', everyone = 'a', resync = 'r' };
  Kind kind = Kind::session;
  RelayId origin{};
  std::string session_id;  // for Kind::session
  std::string frame;       // binary-encoded ServerFrame, except for Kind::resync
};

std::string encode_envelope(HubEnvelope::Kind kind, const RelayId& origin, std::string_view session_id,
                            std::string_view frame);

// Empty when the bytes are not an envelope this relay can read (never throws;
// the frame itself is decoded by the caller).
std::optional<HubEnvelope> decode_envelope(std::string_view bytes);

}  // namespace baton
