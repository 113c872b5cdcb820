#include "relay/assistant/text/stemmer.hpp"

#include <libstemmer.h>

#include <array>
#include <memory>

namespace baton {
namespace {

const char* algorithm(Lang lang) {
  switch (lang) {
    case Lang::en: return "english";
    case Lang::es: return "spanish";
    case Lang::pt: return "portuguese";
    case Lang::fr: return "french";
    case Lang::de: return "german";
    case Lang::ar: return "arabic";
  }
  return "english";
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

// A Snowball stemmer keeps its work area inside, so each thread has its own.
sb_stemmer* stemmer_for(Lang lang) {
  thread_local std::array<StemmerPtr, lang_count> stemmers;
  auto& slot = stemmers[static_cast<std::size_t>(lang)];
  if (!slot) slot.reset(sb_stemmer_new(algorithm(lang), "UTF_8"));
  return slot.get();
}

}  // namespace

std::string stem(std::string word, Lang lang) {
  // Very short words are mostly names and abbreviations ("uk", "tv").
  if (word.size() <= 2) return word;
  auto* stemmer = stemmer_for(lang);
  if (stemmer == nullptr) return word;
  const auto* out = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                    static_cast<int>(word.size()));
  if (out == nullptr) return word;
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(stemmer)));
}

}  // namespace baton
