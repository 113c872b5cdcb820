#pragma once
// A plausibility check for e-mail addresses typed into a form: one '@', a
// non-empty local part, a dotted domain, no spaces, at most 254 characters.
// Only a mail that arrives proves an address; this catches typos early.

#include <string_view>

namespace baton {

bool is_plausible_email(std::string_view address);

}  // namespace baton
