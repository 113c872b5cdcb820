#include "common/lang.hpp"

#include <array>

namespace baton {
namespace {

constexpr std::array<std::string_view, lang_count> tags{"en", "es", "pt", "fr", "de", "ar"};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::optional<Lang> lang_from_tag(std::string_view tag) {
  auto primary = tag.substr(0, tag.find_first_of("-_"));
  if (primary.size() != 2) return std::nullopt;
  for (auto lang : all_langs) {
    auto name = to_string(lang);
    if (name[0] == lower(primary[0]) && name[1] == lower(primary[1])) return lang;
  }
  return std::nullopt;
}

std::string_view to_string(Lang lang) { return tags.at(static_cast<std::size_t>(lang)); }

bool right_to_left(Lang lang) { return lang == Lang::ar; }

}  // namespace baton
