#pragma once
// The six languages the assistant understands and answers in (the widget's
// languages), read from BCP 47 tags such as "pt-BR".

#include <optional>
#include <string_view>

namespace baton {

enum class Lang : unsigned char { en, es, pt, fr, de, ar };

inline constexpr Lang all_langs[] = {Lang::en, Lang::es, Lang::pt, Lang::fr, Lang::de, Lang::ar};

std::optional<Lang> lang_from_tag(std::string_view tag);
std::string_view to_string(Lang lang);

}  // namespace baton
