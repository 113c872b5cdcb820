#pragma once
// E.164 phone numbers: '+', a country code that does not start with 0, and at
// most 15 digits in all. People type spaces, dashes, dots and parentheses;
// those are dropped. A leading "00" is the international prefix and becomes '+'.

#include <optional>
#include <string>
#include <string_view>

namespace baton {

// "+55 (11) 91234-5678" -> "+5511912345678"; nothing if it is not a number.
std::optional<std::string> normalize_e164(std::string_view typed);

// WhatsApp's wa_id form: the digits without '+'.
std::string wa_id_from_e164(std::string_view e164);

// The reverse, for numbers that arrive in webhooks as bare digits.
std::optional<std::string> e164_from_wa_id(std::string_view digits);

}  // namespace baton
