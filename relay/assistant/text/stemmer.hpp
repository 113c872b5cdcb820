#pragma once
// A light stemmer: it strips the common plural, gender and verb endings of
// each language so that "deliveries", "delivered" and "delivery" meet, and
// never more than that. Aggressive stemmers merge unrelated words, and the
// FAQ assistant would rather say it is unsure than answer the wrong entry.

#include <string>

#include "common/lang.hpp"

namespace baton {

// `word` comes from fold_words: lowercase, accents folded.
std::string stem(std::string word, Lang lang);

}  // namespace baton
