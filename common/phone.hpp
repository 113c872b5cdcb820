#pragma once
// E.164 phone numbers: '+', a country code that does not start with 0, and at
// most 15 digits in all. People type spaces, dashes, dots and parentheses;
// those are dropped. A leading "00" is the international prefix and becomes '+'.
//
// Two countries' mobile numbers reach WhatsApp in two forms, and both forms
// are one person: Mexico's used to be dialled with a 1 after +52, which the
// Cloud API's wa_id still carries (5215512345678 for +52 55 1234 5678);
// Brazil's gained a ninth digit (a 9 after the area code), which wa_ids of
// older accounts lack (551187654321 for +55 11 98765-4321). Every number is
// kept in today's dialling form (+52 without the 1, +55 with the 9), so a
// number an owner typed and the same number in a webhook compare equal.

#include <optional>
#include <string>
#include <string_view>

namespace baton {

// "+55 (11) 91234-5678" -> "+5511912345678"; nothing if it is not a number.
std::optional<std::string> normalize_e164(std::string_view typed);

// WhatsApp's wa_id form: the digits without '+'.
std::string wa_id_from_e164(std::string_view e164);

// The reverse, for numbers that arrive in webhooks as bare digits (in
// today's dialling form, as above).
std::optional<std::string> e164_from_wa_id(std::string_view digits);

}  // namespace baton
