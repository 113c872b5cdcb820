#include "common/text_policy.hpp"

#include <cstdint>

#include "common/utf8.hpp"

namespace baton {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one well-formed UTF-8 sequence at `text[i]`; 0 bytes if there is none.
std::size_t decode(std::string_view text, std::size_t i, char32_t& code_point) {
  auto lead = static_cast<unsigned char>(text[i]);
  std::size_t n = utf8::sequence_length(lead);
  if (n == 0 || i + n > text.size() || !utf8::is_valid(text.substr(i, n))) return 0;
  if (n == 1) {
    code_point = lead;
  } else {
    code_point = lead & (0xFF >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) {
      code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
  }
  return n;
}

bool is_line_break(char32_t c) { return c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029; }

bool is_removed(char32_t c) {
  if (c < 0x20) return c != '\t' && c != '\n';
  if (c >= 0x7F && c <= 0x9F) return true;  // DEL and C1 (U+0085 is a line break, handled first)
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string clean_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    auto n = decode(text, i, c);
    if (n == 0) {
      out += replacement;
      ++i;
      continue;
    }
    if (c == '\r') {
      out += '\n';
      i += (i + 1 < text.size() && text[i + 1] == '\n') ? std::size_t{2} : std::size_t{1};
      continue;
    }
    if (is_line_break(c)) {
      out += '\n';
    } else if (!is_removed(c)) {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string clean_line(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : clean_text(text)) {
    if (c == '\n' || c == '\t' || c == ' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

}  // namespace baton
