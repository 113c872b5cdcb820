#pragma once
// Secrets the relay keeps on disk are sealed with AES-256-GCM under a key of
// its own (data/secret.key, created on first use, readable by the owner only),
// so a copied database folder or backup does not hand out the secret unless
// the key file goes with it. Sealed text: "v1:" + hex(nonce) + hex(ciphertext
// and tag).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/random_source.hpp"

namespace baton {

class SecretBox {
 public:
  using Key = std::array<std::uint8_t, 32>;

  SecretBox(const Key& key, RandomSource& random) : key_(key), random_(random) {}

  std::string seal(std::string_view plain) const;
  // nullopt when the text was not sealed with this key or was altered.
  std::optional<std::string> open(std::string_view sealed) const;

  // The same without the text form: nonce, ciphertext and tag as bytes
  // (28 bytes more than `plain`), for data stored in bulk.
  std::string seal_bytes(std::string_view plain) const;
  std::optional<std::string> open_bytes(std::string_view sealed) const;

 private:
  Key key_;
  RandomSource& random_;
};

}  // namespace baton
