#pragma once
// X-Hub-Signature-256: "sha256=" + hex of HMAC-SHA256(app secret, raw body).
// The check fails closed: no secret, no header, a malformed header or a wrong
// MAC all refuse the webhook. Hex digits are accepted in either case, since
// they name the same MAC.

#include <string>
#include <string_view>

namespace baton {

enum class SignatureCheck { valid, secret_unset, missing, malformed, mismatch };

SignatureCheck check_signature(std::string_view app_secret, std::string_view raw_body, std::string_view header);

// The header value for a body, as Meta (and wa-sim) send it.
std::string sign_body(std::string_view app_secret, std::string_view raw_body);

std::string_view to_string(SignatureCheck check);

}  // namespace baton
