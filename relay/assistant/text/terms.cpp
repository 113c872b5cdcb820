#include "relay/assistant/text/terms.hpp"

#include <array>

#include "relay/assistant/text/folding.hpp"
#include "relay/assistant/text/stemmer.hpp"
#include "relay/assistant/text/stopwords.hpp"

namespace baton {

std::vector<std::string> index_terms(std::string_view text, Lang lang) {
  std::vector<std::string> terms;
  for (auto& word : fold_words(text)) {
    if (is_stopword(word, lang)) continue;
    terms.push_back(stem(std::move(word), lang));
  }
  return terms;
}

Lang guess_language(std::string_view text, Lang fallback) {
  if (mostly_arabic(text)) return Lang::ar;
  std::array<int, std::size(all_langs)> hits{};
  for (const auto& word : fold_words(text)) {
    for (auto lang : all_langs) {
      if (lang != Lang::ar && is_stopword(word, lang)) ++hits[static_cast<std::size_t>(lang)];
    }
  }
  Lang best = fallback;
  int best_hits = fallback == Lang::ar ? 0 : hits[static_cast<std::size_t>(fallback)];
  for (auto lang : all_langs) {
    if (hits[static_cast<std::size_t>(lang)] > best_hits) {
      best = lang;
      best_hits = hits[static_cast<std::size_t>(lang)];
    }
  }
  return best;
}

}  // namespace baton
