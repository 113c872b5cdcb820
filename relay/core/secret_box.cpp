#include "relay/core/secret_box.hpp"

#include <algorithm>
#include <memory>
#include <openssl/evp.h>
#include <span>
#include <stdexcept>
#include <vector>

namespace baton {
namespace {

constexpr std::size_t nonce_bytes = 12;
constexpr std::size_t tag_bytes = 16;
constexpr std::string_view prefix = "v1:";

// Fetched once: naming the cipher on every call (EVP_aes_256_gcm) made
// OpenSSL 3 look it up again each time, a third of a seal's cost.
const EVP_CIPHER* aes_256_gcm() {
  static EVP_CIPHER* cipher = [] {
    auto* fetched = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    if (!fetched) throw std::runtime_error("AES-256-GCM is not available from OpenSSL");
    return fetched;
  }();
  return cipher;
}

std::string hex(const std::uint8_t* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 0xF];
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> unhex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    int hi = value(text[i]);
    int lo = value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  return out;
}

int size_as_int(std::size_t n) {
  if (n > 64 * 1024 * 1024) throw std::length_error("secret too large");
  return static_cast<int>(n);
}

}  // namespace

std::string SecretBox::seal_bytes(std::string_view plain) const { return KeyedBox(key_, random_).seal_bytes(plain); }

std::optional<std::string> SecretBox::open_bytes(std::string_view sealed) const {
  return KeyedBox(key_, random_).open_bytes(sealed);
}

std::string SecretBox::seal(std::string_view plain) const {
  auto bytes = seal_bytes(plain);
  return std::string(prefix) + hex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::optional<std::string> SecretBox::open(std::string_view sealed) const {
  if (!sealed.starts_with(prefix)) return std::nullopt;
  auto bytes = unhex(sealed.substr(prefix.size()));
  if (!bytes) return std::nullopt;
  return open_bytes(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
}

void KeyedBox::FreeContext::operator()(evp_cipher_ctx_st* ctx) const { EVP_CIPHER_CTX_free(ctx); }

KeyedBox::KeyedBox(const SecretBox::Key& key, RandomSource& random) : key_(key), random_(&random) {}
KeyedBox::~KeyedBox() = default;
KeyedBox::KeyedBox(KeyedBox&&) noexcept = default;
KeyedBox& KeyedBox::operator=(KeyedBox&&) noexcept = default;

std::string KeyedBox::seal_bytes(std::string_view plain) {
  if (!seal_) {
    seal_.reset(EVP_CIPHER_CTX_new());
    if (!seal_ || EVP_EncryptInit_ex(seal_.get(), aes_256_gcm(), nullptr, key_.data(), nullptr) != 1) {
      seal_.reset();
      throw std::runtime_error("AES-256-GCM encryption failed");
    }
  }
  std::string out(nonce_bytes + plain.size() + tag_bytes, '\0');
  auto* nonce = reinterpret_cast<std::uint8_t*>(out.data());
  random_->fill(std::span<std::uint8_t>(nonce, nonce_bytes));
  auto* cipher = nonce + nonce_bytes;
  auto* ctx = seal_.get();
  int written = 0;
  int final_bytes = 0;
  // A new nonce on the keyed context starts a new message.
  bool ok = EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce) == 1 &&
            EVP_EncryptUpdate(ctx, cipher, &written, reinterpret_cast<const unsigned char*>(plain.data()),
                              size_as_int(plain.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx, cipher + written, &final_bytes) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_bytes), cipher + plain.size()) == 1;
  if (!ok) throw std::runtime_error("AES-256-GCM encryption failed");
  return out;
}

std::optional<std::string> KeyedBox::open_bytes(std::string_view sealed) {
  if (sealed.size() < nonce_bytes + tag_bytes) return std::nullopt;
  if (!open_) {
    open_.reset(EVP_CIPHER_CTX_new());
    if (!open_ || EVP_DecryptInit_ex(open_.get(), aes_256_gcm(), nullptr, key_.data(), nullptr) != 1) {
      open_.reset();
      return std::nullopt;
    }
  }
  const auto* nonce = reinterpret_cast<const std::uint8_t*>(sealed.data());
  const std::uint8_t* cipher = nonce + nonce_bytes;
  std::size_t cipher_size = sealed.size() - nonce_bytes - tag_bytes;
  std::array<std::uint8_t, tag_bytes> tag{};
  std::copy(cipher + cipher_size, cipher + cipher_size + tag_bytes, tag.begin());
  auto* ctx = open_.get();
  std::string plain(cipher_size, '\0');
  int written = 0;
  int final_bytes = 0;
  bool ok = EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce) == 1 &&
            EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(plain.data()), &written, cipher,
                              size_as_int(cipher_size)) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_bytes), tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(plain.data()) + written, &final_bytes) == 1;
  if (!ok) return std::nullopt;
  return plain;
}

}  // namespace baton
