#include "relay/ws/client_frame_sizes.hpp"

namespace baton {
namespace {

constexpr std::size_t mask_bytes = 4;

}  // namespace

std::size_t smallest_client_header(std::uint64_t payload) {
  if (payload <= 125) return 2 + mask_bytes;
  if (payload <= 0xFFFF) return 2 + 2 + mask_bytes;
  return 2 + 8 + mask_bytes;
}

std::size_t whole_client_pong(std::span<const unsigned char> bytes) {
  constexpr unsigned char final_pong = 0x8A;  // FIN, no RSV bits, opcode 0xA
  constexpr unsigned char masked = 0x80;
  if (bytes.size() < 2 || bytes[0] != final_pong || (bytes[1] & masked) == 0) return 0;
  std::size_t payload = bytes[1] & 0x7F;
  if (payload > 125) return 0;  // a control frame may not be longer: Beast fails it
  std::size_t size = 2 + mask_bytes + payload;
  return bytes.size() >= size ? size : 0;
}

}  // namespace baton
