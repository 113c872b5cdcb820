#pragma once
// The six languages Baton speaks to visitors, on both sides: the widget's
// words, and the relay's (its notices, mails and assistant). Read from BCP 47
// tags such as "pt-BR".

#include <cstddef>
#include <optional>
#include <string_view>

namespace baton {

enum class Lang : unsigned char { en, es, pt, fr, de, ar };

inline constexpr Lang all_langs[] = {Lang::en, Lang::es, Lang::pt, Lang::fr, Lang::de, Lang::ar};
inline constexpr std::size_t lang_count = std::size(all_langs);

// By the tag's first part, in any case: "pt-BR", "PT_br" and "pt" are Portuguese.
std::optional<Lang> lang_from_tag(std::string_view tag);
// "en", "es", ...
std::string_view to_string(Lang lang);
bool right_to_left(Lang lang);

}  // namespace baton
