#pragma once
// Secrets the relay keeps on disk are sealed with AES-256-GCM under a key of
// its own (data/secret.key, created on first use, readable by the owner only),
// so a copied database folder or backup does not hand out the secret unless
// the key file goes with it. Sealed text: "v1:" + hex(nonce) + hex(ciphertext
// and tag).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/random_source.hpp"

struct evp_cipher_ctx_st;

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

// The same bytes as SecretBox's, for one thread that uses a key again and
// again: the key's AES schedule is worked out once, not on every call (a
// chat's key seals every message of the chat; chat_keys.hpp keeps a box per
// key it has open). Not to be shared between threads.
class KeyedBox {
 public:
  KeyedBox(const SecretBox::Key& key, RandomSource& random);
  ~KeyedBox();
  KeyedBox(KeyedBox&&) noexcept;
  KeyedBox& operator=(KeyedBox&&) noexcept;

  std::string seal_bytes(std::string_view plain);
  std::optional<std::string> open_bytes(std::string_view sealed);

 private:
  struct FreeContext {
    void operator()(evp_cipher_ctx_st* ctx) const;
  };
  using Context = std::unique_ptr<evp_cipher_ctx_st, FreeContext>;
  SecretBox::Key key_;
  RandomSource* random_;
  // Made and keyed on first use: most keys only seal, or only open.
  Context seal_;
  Context open_;
};

}  // namespace baton
