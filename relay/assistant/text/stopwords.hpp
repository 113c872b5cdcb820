#pragma once
// Words that carry no topic in each language ("the", "do", "you", "de",
// "que"...), written folded as fold_words gives them. They still count for
// guessing a text's language.

#include <string_view>

#include "common/lang.hpp"

namespace baton {

bool is_stopword(std::string_view folded_word, Lang lang);

}  // namespace baton
