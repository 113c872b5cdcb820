#include "tools/wa-sim/base64.hpp"

#include <cstdint>

namespace baton::sim {

std::string base64(std::string_view bytes, bool url_safe) {
  const char* alphabet = url_safe ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                                  : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    auto n = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(n >> shift) & 63u];
  }
  auto rest = bytes.size() - i;
  if (rest > 0) {
    auto n = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0u);
    out += alphabet[(n >> 18) & 63u];
    out += alphabet[(n >> 12) & 63u];
    out += rest == 2 ? alphabet[(n >> 6) & 63u] : '=';
    out += '=';
  }
  return out;
}

}  // namespace baton::sim
