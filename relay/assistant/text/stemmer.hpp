#pragma once
// Snowball stemmers (libstemmer), one per language, so that "deliveries",
// "delivered" and "delivery" meet, as do "envío" and "enviar".

#include <string>

#include "common/lang.hpp"

namespace baton {

// `word` comes from fold_words: lowercase, accents folded. Both sides of a
// comparison are folded before stemming, so they stem alike.
std::string stem(std::string word, Lang lang);

}  // namespace baton
