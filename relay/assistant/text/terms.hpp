#pragma once
// What retrieval compares: the words of a text, folded, without stopwords,
// stemmed for one language; and which language a text is written in.

#include <string>
#include <string_view>
#include <vector>

#include "common/lang.hpp"

namespace baton {

class Lexicon;

std::vector<std::string> index_terms(std::string_view text, Lang lang);

// The language a text is most likely written in, judged by its script, its
// function words, letters only some languages use ("ñ", "ß", "ã") and, with
// a lexicon, which languages know its other words; `fallback` (the
// visitor's browser language) when the text gives no sign or a tie.
Lang guess_language(std::string_view text, Lang fallback, const Lexicon* lexicon = nullptr);

}  // namespace baton
