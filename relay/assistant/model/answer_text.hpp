#pragma once
// A model's text made fit to store and show: valid UTF-8, no control
// characters but line breaks and tabs, no blank lines around it. What is
// left empty was no answer.

#include <optional>
#include <string>
#include <string_view>

namespace baton {

std::optional<std::string> tidy_answer(std::string_view text);

// At most `max_chars` characters (code points), ending with "…" when cut.
std::string cut_to_chars(std::string_view text, std::size_t max_chars);

}  // namespace baton
