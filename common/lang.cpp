#include "common/lang.hpp"

#include <string>

#include "common/enum_names.hpp"

namespace baton {
namespace {

constexpr EnumNames<Lang, lang_count> tags{{"en", "es", "pt", "fr", "de", "ar"}};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::optional<Lang> lang_from_tag(std::string_view tag) {
  auto primary = tag.substr(0, tag.find_first_of("-_"));
  if (primary.size() != 2) return std::nullopt;
  return tags.parse(std::string{lower(primary[0]), lower(primary[1])});
}

std::string_view to_string(Lang lang) { return tags.name(lang, "en"); }

bool right_to_left(Lang lang) { return lang == Lang::ar; }

}  // namespace baton
