#include "relay/assistant/text/terms.hpp"

#include <array>

#include "relay/assistant/text/folding.hpp"
#include "relay/assistant/text/lexicon.hpp"
#include "relay/assistant/text/stemmer.hpp"
#include "relay/assistant/text/stopwords.hpp"

namespace baton {
namespace {

using Scores = std::array<double, lang_count>;

void add(Scores& scores, Lang lang, double points) { scores[static_cast<std::size_t>(lang)] += points; }

// Letters of the Latin-1 range that only some of the languages write.
void score_letters(std::string_view text, Scores& scores) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) != 0xC3) continue;
    char32_t letter = 0xC0 + (static_cast<unsigned char>(text[i + 1]) & 0x3F);
    letter |= 0x20;  // lowercase
    switch (letter) {
      case U'ñ': add(scores, Lang::es, 2); break;
      case U'ã':
      case U'õ': add(scores, Lang::pt, 2); break;
      case U'ß' | 0x20:  // "ß" has no lowercase of its own
      case U'ä':
      case U'ö': add(scores, Lang::de, 2); break;
      case U'ü': add(scores, Lang::de, 1); break;
      case U'ç':
        add(scores, Lang::pt, 1);
        add(scores, Lang::fr, 1);
        break;
      case U'è':
      case U'ù':
      case U'ë':
      case U'ï':
      case U'î': add(scores, Lang::fr, 1.5); break;
      case U'ê':
      case U'â':
      case U'ô':
      case U'à':
        add(scores, Lang::fr, 1);
        add(scores, Lang::pt, 0.5);
        break;
      case U'á':
      case U'í':
      case U'ó':
      case U'ú':
        add(scores, Lang::es, 0.5);
        add(scores, Lang::pt, 0.5);
        break;
      default: break;
    }
  }
  // "¿" and "¡" open Spanish questions and exclamations.
  if (text.find("\xC2\xBF") != std::string_view::npos || text.find("\xC2\xA1") != std::string_view::npos) {
    add(scores, Lang::es, 2);
  }
}

}  // namespace

std::vector<std::string> index_terms(std::string_view text, Lang lang) {
  std::vector<std::string> terms;
  for (auto& word : fold_words(text)) {
    if (is_stopword(word, lang)) continue;
    terms.push_back(stem(std::move(word), lang));
  }
  return terms;
}

Lang guess_language(std::string_view text, Lang fallback, const Lexicon* lexicon) {
  if (mostly_arabic(text)) return Lang::ar;
  Scores scores{};
  score_letters(text, scores);
  for (const auto& word : fold_words(text)) {
    bool function_word = false;
    for (auto lang : all_langs) {
      if (lang != Lang::ar && is_stopword(word, lang)) {
        add(scores, lang, 2);
        function_word = true;
      }
    }
    // Other words count less: many are shared ("hotel", "taxi", "wifi").
    if (function_word || lexicon == nullptr || word.size() < 3) continue;
    for (auto lang : all_langs) {
      if (lang != Lang::ar && lexicon->knows(lang, word)) add(scores, lang, 1);
    }
  }
  Lang best = fallback;
  double best_score = scores[static_cast<std::size_t>(fallback)];
  for (auto lang : all_langs) {
    if (scores[static_cast<std::size_t>(lang)] > best_score) {
      best = lang;
      best_score = scores[static_cast<std::size_t>(lang)];
    }
  }
  return best;
}

}  // namespace baton
