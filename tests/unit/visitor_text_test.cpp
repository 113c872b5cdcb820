// Both catalogs of what a visitor reads: the relay's (relay/core/visitor_text)
// and the widget's (client/core/language). Every sentence in all six
// languages, none empty, each with exactly the {placeholders} of its English.

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>

#include "client/core/language.hpp"
#include "common/lang.hpp"
#include "relay/core/visitor_text.hpp"

namespace {

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> found;
  for (auto open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    auto close = text.find('}', open);
    if (close == std::string_view::npos) break;
    found.emplace(text.substr(open, close - open + 1));
  }
  return found;
}

template <class Lookup>
void check_catalog(std::size_t count, Lookup lookup) {
  for (std::size_t i = 0; i < count; ++i) {
    auto english = lookup(i, baton::Lang::en);
    for (auto lang : baton::all_langs) {
      CAPTURE(i);
      CAPTURE(baton::to_string(lang));
      auto words = lookup(i, lang);
      CHECK_FALSE(words.empty());
      CHECK(placeholders(words) == placeholders(english));
    }
  }
}

}  // namespace

TEST_CASE("languages: one Lang, read from BCP 47 tags on both sides") {
  CHECK(baton::lang_from_tag("pt-BR") == baton::Lang::pt);
  CHECK(baton::lang_from_tag("PT_br") == baton::Lang::pt);
  CHECK(baton::lang_from_tag("ar") == baton::Lang::ar);
  CHECK_FALSE(baton::lang_from_tag("klingon"));
  CHECK_FALSE(baton::lang_from_tag(""));
  for (auto lang : baton::all_langs) CHECK(baton::lang_from_tag(baton::to_string(lang)) == lang);
  CHECK(baton::right_to_left(baton::Lang::ar));
  CHECK_FALSE(baton::right_to_left(baton::Lang::de));
}

TEST_CASE("languages: every sentence the relay writes to a visitor, in all six") {
  check_catalog(baton::visitor_text_count, [](std::size_t i, baton::Lang lang) {
    return baton::visitor_text(static_cast<baton::VisitorText>(i), lang);
  });
  CHECK(baton::visitor_text(baton::VisitorText::mail_sent, baton::Lang::de).find("{email}") != std::string::npos);
}

TEST_CASE("languages: the widget's language, and its button named in any sentence as the widget names it") {
  baton::VisitorContext context;
  CHECK(baton::widget_language(context) == baton::Lang::en);
  context.language = "pt-BR";
  CHECK(baton::widget_language(context) == baton::Lang::pt);
  context.ui_language = "fr";  // the site set data-lang="fr"
  CHECK(baton::widget_language(context) == baton::Lang::fr);
  auto spanish_in_french = baton::with_button(baton::visitor_text(baton::VisitorText::unsure, baton::Lang::es),
                                              baton::Lang::fr);
  CHECK(spanish_in_french.find("pulsar \"Parler à un conseiller\"") != std::string::npos);
  // The button's words are the widget's own, in every language.
  for (auto lang : baton::all_langs) {
    CHECK(baton::visitor_text(baton::VisitorText::talk_to_agent_button, lang) ==
          baton::client::text(lang, baton::client::Text::talk_to_agent));
  }
}

TEST_CASE("languages: every string the widget shows, in all six") {
  check_catalog(baton::client::text_count, [](std::size_t i, baton::Lang lang) {
    return baton::client::text(lang, static_cast<baton::client::Text>(i));
  });
}
