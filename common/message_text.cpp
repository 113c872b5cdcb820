#include "common/message_text.hpp"

#include "common/limits.hpp"
#include "common/utf8.hpp"

namespace baton {

std::string_view error_code(TextProblem problem) {
  switch (problem) {
    case TextProblem::empty: return "empty_text";
    case TextProblem::too_long: return "text_too_long";
    case TextProblem::invalid_utf8: return "invalid_utf8";
    case TextProblem::control_character: return "control_character";
  }
  return "invalid_text";
}

std::string_view describe(TextProblem problem) {
  switch (problem) {
    case TextProblem::empty: return "the message has no text";
    case TextProblem::too_long: return "the message is longer than the limit";
    case TextProblem::invalid_utf8: return "the text is not valid UTF-8";
    case TextProblem::control_character: return "the text contains a control character";
  }
  return "the text is not acceptable";
}

std::optional<TextProblem> check_message_text(std::string_view text, std::size_t max_chars) {
  if (!utf8::is_valid(text)) return TextProblem::invalid_utf8;
  bool has_visible = false;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') return TextProblem::control_character;
    if (byte == 0x7F) return TextProblem::control_character;
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') has_visible = true;
  }
  if (!has_visible) return TextProblem::empty;
  if (utf8::length(text) > max_chars) return TextProblem::too_long;
  return std::nullopt;
}

std::optional<TextProblem> check_visitor_text(std::string_view text, bool carries_file) {
  if (!carries_file) return check_message_text(text, limits::message_text_chars);
  auto problem = check_message_text(text, limits::caption_chars);
  return problem == TextProblem::empty ? std::nullopt : problem;
}

}  // namespace baton
