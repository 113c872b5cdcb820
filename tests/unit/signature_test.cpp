// X-Hub-Signature-256, the matrix of ways it can be right or wrong; and the base64 it is built on.

#include <doctest/doctest.h>

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
