#include "relay/conversation/handoff/request_rules.hpp"

#include <algorithm>
#include <string>

#include "common/email.hpp"
#include "common/limits.hpp"
#include "common/message_text.hpp"
#include "common/phone.hpp"
#include "common/time_format.hpp"
#include "relay/core/refusal.hpp"

namespace baton {
namespace {

[[noreturn]] void refuse(std::string code, std::string sentence) {
  throw Refused(Refusal{RefusalKind::invalid, std::move(code), std::move(sentence)});
}

}  // namespace

HandoffRequest checked_request(HandoffRequest request, const RequestRules& rules) {
  if (!rules.consent_for.empty() && !request.consent) {
    refuse("consent_required", std::string(rules.consent_for) + " needs the visitor's consent");
  }
  if (!request.phone.empty() || rules.phone) {
    auto e164 = normalize_e164(request.phone);
    if (!e164) refuse("invalid_phone", "phone must be a number in international form, such as +15551230001");
    request.phone = *e164;
  }
  if ((!request.slot.empty() || rules.slot) && !parse_rfc3339(request.slot)) {
    refuse("invalid_slot", "slot: choose one of /v1/availability/slots");
  }
  if (rules.email && request.email.empty()) {
    refuse("invalid_field", "email: an e-mail address is needed to answer you");
  }
  if (!request.email.empty() && !is_plausible_email(request.email)) {
    refuse("invalid_field", "email: not an e-mail address");
  }
  if (rules.ascii_email && std::any_of(request.email.begin(), request.email.end(),
                                       [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    refuse("invalid_field", "email: use an address in plain ASCII letters");
  }
  if (rules.message && !request.message.empty()) {
    if (auto problem = check_message_text(request.message, limits::message_text_chars)) {
      refuse(std::string(error_code(*problem)), "message: " + std::string(describe(*problem)));
    }
  }
  return request;
}

}  // namespace baton
