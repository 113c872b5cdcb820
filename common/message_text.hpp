#pragma once
// The rules every message text passes before it is stored, whoever wrote it.

#include <optional>
#include <string_view>

namespace baton {

enum class TextProblem { empty, too_long, invalid_utf8, control_character };

// Snake-case code and English sentence for error responses.
std::string_view error_code(TextProblem problem);
std::string_view describe(TextProblem problem);

// Visitor text: valid UTF-8, not only white space, no control characters other
// than tab and line breaks, at most `max_chars` code points.
std::optional<TextProblem> check_message_text(std::string_view text, std::size_t max_chars);

// A visitor's message: text as above, or, carrying a file, a caption that
// may be empty and is at most limits::caption_chars.
std::optional<TextProblem> check_visitor_text(std::string_view text, bool carries_file);

}  // namespace baton
