#include "relay/assistant/text/language_tag.hpp"

#include <cctype>

namespace baton {

std::optional<Lang> lang_from_tag(std::string_view tag) {
  auto primary = tag.substr(0, tag.find_first_of("-_"));
  if (primary.size() != 2) return std::nullopt;
  char a = static_cast<char>(std::tolower(static_cast<unsigned char>(primary[0])));
  char b = static_cast<char>(std::tolower(static_cast<unsigned char>(primary[1])));
  for (auto lang : all_langs) {
    auto name = to_string(lang);
    if (name[0] == a && name[1] == b) return lang;
  }
  return std::nullopt;
}

std::string_view to_string(Lang lang) {
  switch (lang) {
    case Lang::en: return "en";
    case Lang::es: return "es";
    case Lang::pt: return "pt";
    case Lang::fr: return "fr";
    case Lang::de: return "de";
    case Lang::ar: return "ar";
  }
  return "en";
}

}  // namespace baton
