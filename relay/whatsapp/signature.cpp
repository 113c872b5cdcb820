#include "relay/whatsapp/signature.hpp"

#include "relay/core/crypto.hpp"

namespace baton {

SignatureCheck check_signature(std::string_view app_secret, std::string_view raw_body, std::string_view header) {
  if (app_secret.empty()) return SignatureCheck::secret_unset;
  if (header.empty()) return SignatureCheck::missing;
  constexpr std::string_view prefix = "sha256=";
  if (!header.starts_with(prefix)) return SignatureCheck::malformed;
  auto claimed = crypto::digest_from_hex(header.substr(prefix.size()));
  if (!claimed) return SignatureCheck::malformed;
  return crypto::equal(*claimed, crypto::hmac_sha256(app_secret, raw_body)) ? SignatureCheck::valid
                                                                            : SignatureCheck::mismatch;
}

std::string sign_body(std::string_view app_secret, std::string_view raw_body) {
  return "sha256=" + crypto::to_hex(crypto::hmac_sha256(app_secret, raw_body));
}

std::string_view to_string(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::valid: return "valid";
    case SignatureCheck::secret_unset: return "secret_unset";
    case SignatureCheck::missing: return "missing";
    case SignatureCheck::malformed: return "malformed";
    case SignatureCheck::mismatch: return "mismatch";
  }
  return "mismatch";
}

}  // namespace baton
