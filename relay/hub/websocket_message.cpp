#include "relay/hub/websocket_message.hpp"

#include <cstdint>

namespace baton {

std::string websocket_message(std::string_view payload, bool binary) {
  constexpr unsigned char final_frame = 0x80;
  constexpr unsigned char text = 0x1;
  constexpr unsigned char binary_data = 0x2;
  std::string out;
  out.reserve(payload.size() + 10);
  out.push_back(static_cast<char>(final_frame | (binary ? binary_data : text)));
  auto size = static_cast<std::uint64_t>(payload.size());
  // The length in the fewest bytes the RFC allows: 7 bits, 16, or 64, in
  // network byte order; no mask bit, as from a server.
  if (size < 126) {
    out.push_back(static_cast<char>(size));
  } else if (size <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>((size >> 8) & 0xFF));
    out.push_back(static_cast<char>(size & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((size >> shift) & 0xFF));
  }
  out.append(payload);
  return out;
}

}  // namespace baton
