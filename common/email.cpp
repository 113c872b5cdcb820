#include "common/email.hpp"

#include "common/limits.hpp"

namespace baton {

bool is_plausible_email(std::string_view address) {
  if (address.empty() || address.size() > limits::email_chars) return false;
  auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || address.find('@', at + 1) != std::string_view::npos) return false;
  auto domain = address.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  for (char c : address) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F || c == ',' || c == ';' || c == '<' || c == '>') return false;
  }
  return true;
}

}  // namespace baton
