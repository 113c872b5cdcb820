#pragma once
// Sizes of a tab's WebSocket frames on the wire (RFC 6455, section 5.2),
// for the live stream's idle wait (relay/ws/websocket_session.hpp): a client
// masks every frame, so its header is 2 bytes, the extended length if any,
// and the 4-byte mask.

#include <cstddef>
#include <cstdint>
#include <span>

namespace baton {

// The fewest header bytes a client frame carrying `payload` bytes can have:
// 6 up to 125 bytes, 8 up to 65,535, 14 beyond. A message sent in several
// frames, or with a longer length field than needed, has more.
std::size_t smallest_client_header(std::uint64_t payload);

// If `bytes` begins with a whole, well-formed pong from a client (final,
// no reserved bits, masked, at most 125 bytes of payload, all of it
// there), its size on the wire; otherwise 0, and Beast is left to read it.
std::size_t whole_client_pong(std::span<const unsigned char> bytes);

}  // namespace baton
