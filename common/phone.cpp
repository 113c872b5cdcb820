#include "common/phone.hpp"

namespace baton {
namespace {

// Shortest numbers in use are 7 digits including the country code (Niue,
// Tokelau); the E.164 maximum is 15.
constexpr std::size_t min_digits = 7;
constexpr std::size_t max_digits = 15;

bool is_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }

}  // namespace

std::optional<std::string> normalize_e164(std::string_view typed) {
  while (!typed.empty() && typed.front() == ' ') typed.remove_prefix(1);
  while (!typed.empty() && typed.back() == ' ') typed.remove_suffix(1);
  if (typed.starts_with("00")) {
    typed.remove_prefix(2);
  } else if (typed.starts_with('+')) {
    typed.remove_prefix(1);
  } else {
    return std::nullopt;
  }
  std::string digits;
  for (char c : typed) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!is_separator(c)) {
      return std::nullopt;
    }
  }
  return e164_from_wa_id(digits);
}

std::string wa_id_from_e164(std::string_view e164) {
  if (e164.starts_with('+')) e164.remove_prefix(1);
  return std::string(e164);
}

std::optional<std::string> e164_from_wa_id(std::string_view digits) {
  if (digits.size() < min_digits || digits.size() > max_digits || digits.front() == '0') return std::nullopt;
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  // Mexico: 52 1 and ten digits is the old mobile form of 52 and ten digits.
  if (digits.size() == 13 && digits.starts_with("521")) return "+52" + std::string(digits.substr(3));
  // Brazil: 55, a two-digit area code (no 0 in it) and eight digits starting
  // 6 to 9 is a mobile number without its ninth digit; landlines start 2 to 5.
  if (digits.size() == 12 && digits.starts_with("55") && digits[2] != '0' && digits[3] != '0' && digits[4] >= '6') {
    return "+" + std::string(digits.substr(0, 4)) + "9" + std::string(digits.substr(4));
  }
  return "+" + std::string(digits);
}

}  // namespace baton
