#include "relay/core/crypto.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdexcept>
#include <vector>

namespace baton::crypto {

Digest sha256(std::string_view data) {
  Digest out{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data());
  return out;
}

namespace {

// OpenSSL 3's one-shot HMAC() looks the algorithm up by name, allocates a
// context and derives the key's pads on every call: nine tenths of the time
// of checking a webhook's signature (docs/benchmarks.md). The relay signs
// with a handful of long-lived keys (the app secret, the visitor-index key,
// the blob key), so each thread keeps a context for each of its last few
// keys, keyed once, and only resets it.
struct MacContextFree {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};

struct KeyedMac {
  std::string key;
  std::unique_ptr<EVP_MAC_CTX, MacContextFree> context;
  KeyedMac(std::string_view k, EVP_MAC_CTX* c) : key(k), context(c) {}
  KeyedMac(KeyedMac&&) = default;
  KeyedMac& operator=(KeyedMac&&) = default;
  ~KeyedMac() { OPENSSL_cleanse(key.data(), key.size()); }
};

EVP_MAC* hmac_algorithm() {
  // Fetched once for the process; OpenSSL frees it at exit.
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (!mac) throw std::runtime_error("HMAC is not available from OpenSSL");
  return mac;
}

bool same_key(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// A context ready for a new message under `key`.
EVP_MAC_CTX& hmac_context(std::string_view key) {
  constexpr std::size_t kept = 4;
  thread_local std::vector<KeyedMac> recent;  // the most recently used first
  auto found = std::find_if(recent.begin(), recent.end(), [&](const KeyedMac& k) { return same_key(k.key, key); });
  if (found != recent.end()) {
    std::rotate(recent.begin(), found, found + 1);
    // No key: the context starts over with the one it has.
    if (EVP_MAC_init(recent.front().context.get(), nullptr, 0, nullptr) != 1) {
      throw std::runtime_error("HMAC-SHA256 failed");
    }
    return *recent.front().context;
  }
  KeyedMac fresh(key, EVP_MAC_CTX_new(hmac_algorithm()));
  if (!fresh.context) throw std::runtime_error("HMAC-SHA256 failed");
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                               OSSL_PARAM_construct_end()};
  // An empty key is still a key: OpenSSL takes a null pointer for "keep the last one".
  static const unsigned char no_bytes = 0;
  const auto* key_bytes = key.empty() ? &no_bytes : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(fresh.context.get(), key_bytes, key.size(), params) != 1) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  if (recent.size() == kept) recent.pop_back();
  recent.insert(recent.begin(), std::move(fresh));
  return *recent.front().context;
}

}  // namespace

Digest hmac_sha256(std::string_view key, std::string_view data) {
  auto& context = hmac_context(key);
  Digest out{};
  std::size_t length = 0;
  if (EVP_MAC_update(&context, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(&context, out.data(), &length, out.size()) != 1 || length != out.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return out;
}

std::string to_hex(const Digest& digest) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (auto byte : digest) {
    out += digits[byte >> 4];
    out += digits[byte & 0x0F];
  }
  return out;
}

std::optional<Digest> digest_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  // A table, not comparisons: the digits of a signature are random, and a
  // branch per digit was mispredicted half the time (every webhook has one).
  static constexpr auto nibbles = [] {
    std::array<std::uint8_t, 256> table{};
    table.fill(0xFF);
    for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; ++c) table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - 'A' + 10);
    return table;
  }();
  Digest out{};
  unsigned bad = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto hi = nibbles[static_cast<unsigned char>(hex[2 * i])];
    auto lo = nibbles[static_cast<unsigned char>(hex[2 * i + 1])];
    bad |= hi | lo;
    out[i] = static_cast<std::uint8_t>((hi << 4) | (lo & 0x0F));
  }
  // Any digit that was not one set the high bits.
  if (bad & 0xF0) return std::nullopt;
  return out;
}

bool equal(const Digest& a, const Digest& b) { return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0; }

namespace {

void rand_bytes(std::span<std::uint8_t> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) throw std::runtime_error("RAND_bytes failed");
}

}  // namespace

void OsRandom::fill(std::span<std::uint8_t> out) {
  constexpr std::size_t buffer_bytes = 4096;
  if (out.size() > buffer_bytes / 16) return rand_bytes(out);
  // Every byte is handed out once, then overwritten.
  thread_local std::array<std::uint8_t, buffer_bytes> buffer{};
  thread_local std::size_t used = buffer_bytes;
  if (buffer_bytes - used < out.size()) {
    rand_bytes(buffer);
    used = 0;
  }
  auto* first = buffer.data() + used;
  std::copy(first, first + out.size(), out.begin());
  std::fill(first, first + out.size(), std::uint8_t{0});
  used += out.size();
}

std::string base64(std::string_view bytes, Base64Alphabet alphabet) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  if (alphabet == Base64Alphabet::url_safe) {
    for (auto& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return out;
}

std::optional<std::string> from_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  // EVP_DecodeBlock skips no characters it does not know, but it does accept
  // leading and trailing blanks: refuse those first.
  for (char c : text) {
    bool known = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
                 c == '=';
    if (!known) return std::nullopt;
  }
  std::string out(text.size() / 4 * 3, '\0');
  if (text.empty()) return out;
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // The decoder counts padding as zero bytes.
  std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

}  // namespace baton::crypto
