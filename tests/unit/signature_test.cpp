// X-Hub-Signature-256, the matrix of ways it can be right or wrong; and the base64 it is built on.

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "relay/core/crypto.hpp"
#include "relay/whatsapp/signature.hpp"

namespace {

using baton::SignatureCheck;
constexpr std::string_view secret = "app-secret-123";

std::string upper(std::string s) {
  for (auto& c : s) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

}  // namespace

TEST_CASE("signature: a known vector") {
  // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
  CHECK(baton::sign_body("key", "The quick brown fox jumps over the lazy dog") ==
        "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST_CASE("crypto: HMAC-SHA256 gives RFC 4231's values whichever keys were used before, on any thread") {
  // Each thread keeps contexts for its last few keys: a key must never sign
  // with another's pads, an evicted key must come back right, and the
  // empty key is a key.
  struct Vector {
    std::string key;
    std::string data;
    std::string mac;
  };
  const std::vector<Vector> vectors{
      {std::string(20, '\x0b'), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"key", "The quick brown fox jumps over the lazy dog",
       "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"},
      {"", "", "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"},
      // A prefix of another vector's key is another key (Python's hmac module gave the value).
      {"Jef", "what do ya want for nothing?", "89630a7f7bb95aced9efa60255f18a10e7d378665751be11dd40bb9594158c29"},
  };
  auto mac_of = [](const Vector& v) { return baton::crypto::to_hex(baton::crypto::hmac_sha256(v.key, v.data)); };
  auto check_all = [&](const std::vector<std::size_t>& order) {
    std::vector<std::string> wrong;
    for (auto i : order) {
      if (mac_of(vectors[i]) != vectors[i].mac) wrong.push_back(std::to_string(i));
    }
    return wrong;
  };
  // Forward, backward, each twice in a row, then all six keys in turn
  // (more than a thread keeps) three times.
  std::vector<std::size_t> order{0, 1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 0, 0, 2, 2, 4, 4};
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < vectors.size(); ++i) order.push_back(i);
  }
  CHECK(check_all(order).empty());
  std::vector<std::string> wrong_elsewhere;
  std::thread other([&] { wrong_elsewhere = check_all({3, 1, 4, 1, 5, 0, 2, 5, 3}); });
  other.join();
  CHECK(wrong_elsewhere.empty());
}

TEST_CASE("signature: the matrix") {
  std::string body = R"({"object":"whatsapp_business_account","entry":[]})";
  auto good = baton::sign_body(secret, body);
  CHECK(baton::check_signature(secret, body, good) == SignatureCheck::valid);
  CHECK(baton::check_signature(secret, body, "") == SignatureCheck::missing);
  CHECK(baton::check_signature(secret, body, baton::sign_body("wrong-secret", body)) == SignatureCheck::mismatch);
  CHECK(baton::check_signature(secret, body + " ", good) == SignatureCheck::mismatch);
  CHECK(baton::check_signature(secret, body, good.substr(0, good.size() - 2)) == SignatureCheck::malformed);
  CHECK(baton::check_signature(secret, body, good.substr(7)) == SignatureCheck::malformed);  // no "sha256="
  CHECK(baton::check_signature(secret, body, "sha1=" + good.substr(7)) == SignatureCheck::malformed);
  CHECK(baton::check_signature(secret, body, good + "00") == SignatureCheck::malformed);
  CHECK(baton::check_signature(secret, body, "sha256=" + std::string(64, 'g')) == SignatureCheck::malformed);
  // Upper-case hex names the same MAC.
  CHECK(baton::check_signature(secret, body, "sha256=" + upper(good.substr(7))) == SignatureCheck::valid);
  // No secret configured: nothing is ever valid.
  CHECK(baton::check_signature("", body, good) == SignatureCheck::secret_unset);
  CHECK(baton::check_signature("", body, baton::sign_body("", body)) == SignatureCheck::secret_unset);
}

TEST_CASE("signature: computed over the raw bytes, escapes and emoji included") {
  // Meta escapes non-ASCII; the same text unescaped is a different body.
  std::string escaped = R"({"text":"Ol\u00e1 \ud83d\udc4b"})";
  std::string raw = "{\"text\":\"Olá 👋\"}";
  auto signed_escaped = baton::sign_body(secret, escaped);
  CHECK(baton::check_signature(secret, escaped, signed_escaped) == SignatureCheck::valid);
  CHECK(baton::check_signature(secret, raw, signed_escaped) == SignatureCheck::mismatch);
  CHECK(baton::check_signature(secret, raw, baton::sign_body(secret, raw)) == SignatureCheck::valid);
}

TEST_CASE("crypto: base64 in both alphabets, padded, as RFC 4648 gives it") {
  using baton::crypto::base64;
  using baton::crypto::Base64Alphabet;
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64("\xfb\xff\xbf") == "+/+/");
  CHECK(base64("\xfb\xff\xbf", Base64Alphabet::url_safe) == "-_-_");
  CHECK(base64("\xfb\xff", Base64Alphabet::url_safe) == "-_8=");
}

// The signature's digits are read through a table (crypto.cpp): every digit
// either way round, in either case, and anything else refused at any place.
TEST_CASE("signature: 64 hex digits read back as the digest, and one stray character refuses them") {
  baton::crypto::Digest digest{};
  for (std::size_t i = 0; i < digest.size(); ++i) digest[i] = static_cast<std::uint8_t>(i * 37 + 11);
  auto hex = baton::crypto::to_hex(digest);
  CHECK(baton::crypto::digest_from_hex(hex) == digest);
  CHECK(baton::crypto::digest_from_hex(upper(hex)) == digest);
  baton::crypto::Digest all_ones{};
  all_ones.fill(0xFF);
  CHECK(baton::crypto::digest_from_hex(std::string(64, 'F')) == all_ones);
  for (std::size_t at = 0; at < hex.size(); ++at) {
    for (char stray : {'g', 'G', ' ', '\0', '/', ':', '@', '`', '\xff'}) {
      auto bad = hex;
      bad[at] = stray;
      CHECK_FALSE(baton::crypto::digest_from_hex(bad));
    }
  }
  CHECK_FALSE(baton::crypto::digest_from_hex(hex.substr(1)));
  CHECK_FALSE(baton::crypto::digest_from_hex(hex + "0"));
}
