#include "common/ids.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "common/limits.hpp"

namespace baton {
namespace {

constexpr std::string_view crockford = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr std::string_view base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t id_chars = 26;

template <std::size_t N>
std::array<std::uint8_t, N> random_bytes(RandomSource& random) {
  std::array<std::uint8_t, N> bytes{};
  random.fill(bytes);
  return bytes;
}

// Packs bytes into `bits_per_char`-bit groups, most significant first.
template <std::size_t N>
std::string encode_bits(const std::array<std::uint8_t, N>& bytes, std::string_view alphabet, unsigned bits_per_char) {
  std::string out;
  std::uint32_t buffer = 0;
  unsigned buffered = 0;
  for (auto byte : bytes) {
    buffer = (buffer << 8) | byte;
    buffered += 8;
    while (buffered >= bits_per_char) {
      buffered -= bits_per_char;
      out += alphabet[(buffer >> buffered) & ((1u << bits_per_char) - 1)];
    }
  }
  if (buffered > 0) out += alphabet[(buffer << (bits_per_char - buffered)) & ((1u << bits_per_char) - 1)];
  return out;
}

std::string prefixed_id(std::string_view prefix, RandomSource& random) {
  return std::string(prefix) + encode_bits(random_bytes<16>(random), crockford, 5);
}

}  // namespace

std::string new_session_id(RandomSource& random) { return prefixed_id("s_", random); }
std::string new_message_id(RandomSource& random, std::int64_t now_ms) {
  // 6 time bytes and 10 random ones: 128 bits, 26 characters, as before.
  auto bytes = random_bytes<16>(random);
  auto time = static_cast<std::uint64_t>(std::max<std::int64_t>(now_ms, 0));
  for (std::size_t i = 0; i < 6; ++i) bytes[i] = static_cast<std::uint8_t>(time >> (8 * (5 - i)));
  return "m_" + encode_bits(bytes, crockford, 5);
}
std::string new_attachment_id(RandomSource& random, std::int64_t now_ms) {
  return "a_" + new_message_id(random, now_ms).substr(2);
}
bool is_attachment_id(std::string_view text) {
  if (text.size() != 2 + id_chars || !text.starts_with("a_")) return false;
  return text.substr(2).find_first_not_of(crockford) == std::string_view::npos;
}
std::string new_token(RandomSource& random) { return encode_bits(random_bytes<32>(random), base64url, 6); }
std::string new_client_id(RandomSource& random) { return encode_bits(random_bytes<16>(random), base64url, 6); }

bool is_session_id(std::string_view text) {
  if (text.size() != 2 + id_chars || !text.starts_with("s_")) return false;
  return text.substr(2).find_first_not_of(crockford) == std::string_view::npos;
}

bool is_valid_client_id(std::string_view text) {
  if (text.empty() || text.size() > limits::client_id_chars) return false;
  return text.find_first_not_of(base64url) == std::string_view::npos;
}

}  // namespace baton
