#pragma once
// The wa_id the Cloud API reports for a phone number. For Mexican mobile
// numbers it keeps the 1 Mexico used to dial after +52 (5215512345678 for
// +52 55 1234 5678), in webhooks and in a send's "contacts"; the relay must
// take it as the number its owner typed without the 1 (common/phone.hpp).
// Brazil's older accounts without the ninth digit depend on the account, so
// the simulator does not guess them; tests give such a wa_id directly.

#include <string>
#include <string_view>

namespace baton::sim {

inline std::string cloud_api_wa_id(std::string_view digits) {
  if (digits.starts_with('+')) digits.remove_prefix(1);
  if (digits.size() == 12 && digits.starts_with("52")) return "521" + std::string(digits.substr(2));
  return std::string(digits);
}

}  // namespace baton::sim
