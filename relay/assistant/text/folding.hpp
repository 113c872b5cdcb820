#pragma once
// Splits text into words compared without case or accents: "Envío" and
// "envio" are one word, as are the Arabic alef forms. Punctuation, symbols,
// emoji and apostrophes separate words ("l'envoi" is "l" and "envoi").

#include <string>
#include <string_view>
#include <vector>

namespace baton {

// Folded words in order, as UTF-8. Invalid UTF-8 bytes separate words.
std::vector<std::string> fold_words(std::string_view text);

// The one folded word a text is, or empty when it is none or several
// ("Haus" gives "haus", "e-mail" and "post office" give nothing). The same as
// fold_words when that gives one word; plain ASCII, most dictionary
// headwords, skips the decoding.
std::string fold_single_word(std::string_view text);

// True when the text has more Arabic letters than Latin ones.
bool mostly_arabic(std::string_view text);

}  // namespace baton
