#include "relay/assistant/model/answer_text.hpp"

#include "common/utf8.hpp"

namespace baton {

std::optional<std::string> tidy_answer(std::string_view text) {
  if (!utf8::is_valid(text)) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte == '\r') continue;
    if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F) continue;
    out += c;
  }
  auto blank = [](char c) { return c == ' ' || c == '\n' || c == '\t'; };
  std::size_t start = 0;
  while (start < out.size() && blank(out[start])) ++start;
  std::size_t end = out.size();
  while (end > start && blank(out[end - 1])) --end;
  if (start == end) return std::nullopt;
  return out.substr(start, end - start);
}

std::string cut_to_chars(std::string_view text, std::size_t max_chars) {
  if (utf8::length(text) <= max_chars) return std::string(text);
  return std::string(utf8::take_first(text, max_chars - 1)) + "…";
}

}  // namespace baton
