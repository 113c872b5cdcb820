#include "common/reference_code.hpp"

#include <array>
#include <cstdint>

namespace baton {

std::string new_reference_code(RandomSource& random) {
  // Rejection sampling keeps every character equally likely: 240 is the
  // largest multiple of 30 that fits in a byte.
  constexpr unsigned accept_below = 256 - (256 % reference_alphabet.size());
  std::string code;
  while (code.size() < reference_code_length) {
    std::array<std::uint8_t, 8> bytes{};
    random.fill(bytes);
    for (auto byte : bytes) {
      if (byte >= accept_below || code.size() == reference_code_length) continue;
      code += reference_alphabet[byte % reference_alphabet.size()];
    }
  }
  return code;
}

std::optional<std::string> normalize_reference_code(std::string_view typed) {
  if (typed.starts_with('#')) typed.remove_prefix(1);
  if (typed.size() != reference_code_length) return std::nullopt;
  std::string code;
  for (char c : typed) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (reference_alphabet.find(c) == std::string_view::npos) return std::nullopt;
    code += c;
  }
  return code;
}

}  // namespace baton
