#pragma once
// The few cryptographic primitives the relay uses, all from OpenSSL.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/random_source.hpp"

namespace baton::crypto {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(std::string_view data);
Digest hmac_sha256(std::string_view key, std::string_view data);

std::string to_hex(const Digest& digest);
// Case-insensitive; empty unless exactly 64 hex digits.
std::optional<Digest> digest_from_hex(std::string_view hex);

// Base64 with padding, one line (OpenSSL's encoder), in the standard
// alphabet or the URL-safe one (- and _ for + and /).
enum class Base64Alphabet { standard, url_safe };
std::string base64(std::string_view bytes, Base64Alphabet alphabet = Base64Alphabet::standard);
// The bytes of padded standard base64; nullopt when `text` is not that.
std::optional<std::string> from_base64(std::string_view text);

// Compares in time independent of where the inputs differ.
bool equal(const Digest& a, const Digest& b);

// RAND_bytes: the randomness for ids, tokens and nonces. Small requests are
// served from a per-thread buffer refilled 4 KiB at a time: each RAND_bytes
// call cost about 1.5 us whatever its size, and a stored message needs
// several (its id, a nonce per sealed value).
class OsRandom final : public RandomSource {
 public:
  void fill(std::span<std::uint8_t> out) override;
};

}  // namespace baton::crypto
