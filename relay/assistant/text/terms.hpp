#pragma once
// What retrieval compares: the words of a text, folded, without stopwords,
// stemmed for one language.

#include <string>
#include <string_view>
#include <vector>

#include "common/lang.hpp"

namespace baton {

std::vector<std::string> index_terms(std::string_view text, Lang lang);

// The language a text is most likely written in, judged by its script and
// its function words; `fallback` (the visitor's browser language) when the
// text gives no sign, as short messages often do.
Lang guess_language(std::string_view text, Lang fallback);

}  // namespace baton
