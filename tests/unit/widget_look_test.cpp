// The widget's look as the admin page sets it: read strictly, the brand
// colour's contrast with white text worked out as WCAG 2 does.

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include "relay/conversation/widget_look.hpp"

using namespace baton;

namespace {

std::string problem(const char* json) {
  auto read = widget_look_from_json(boost::json::parse(json));
  return std::holds_alternative<std::string>(read) ? std::get<std::string>(read) : std::string();
}

}  // namespace

TEST_CASE("widget look: contrast of white text, as WCAG 2 computes it") {
  CHECK(*contrast_with_white("#000000") == doctest::Approx(21.0));
  CHECK(*contrast_with_white("#ffffff") == doctest::Approx(1.0));
  CHECK(*contrast_with_white("#0b57d0") == doctest::Approx(6.39).epsilon(0.005));  // worked out by hand
  CHECK(*contrast_with_white("#777777") == doctest::Approx(4.48).epsilon(0.01));   // just too light
  CHECK_FALSE(contrast_with_white("0b57d0"));
  CHECK_FALSE(contrast_with_white("#0b57dz"));
  CHECK_FALSE(contrast_with_white("#fff"));
}

TEST_CASE("widget look: read strictly, written back unchanged, the ways in the widget's order once each") {
  auto read = widget_look_from_json(boost::json::parse(
      R"({"color":"#0B57D0","position":"left","theme":"dark","launcher_label":"Chat with us","greeting":"Olá!",)"
      R"("ways":["callback","live","callback"],"lang":"pt"})"));
  REQUIRE(std::holds_alternative<WidgetLook>(read));
  auto look = std::get<WidgetLook>(read);
  CHECK(look.color == "#0b57d0");
  CHECK(look.lang == "pt");
  CHECK(widget_look_for_loader(look).as_object().at("lang") == "pt");
  CHECK(look.ways == std::vector<HandoffMode>{HandoffMode::callback, HandoffMode::live});
  CHECK(offers(look, HandoffMode::live));
  CHECK_FALSE(offers(look, HandoffMode::email));
  CHECK(std::get<WidgetLook>(widget_look_from_json(widget_look_to_json(look))) == look);
  // Everything may be left to the relay.
  auto empty = std::get<WidgetLook>(widget_look_from_json(boost::json::parse("{}")));
  CHECK(offers(empty, HandoffMode::email));
  CHECK(widget_look_for_loader(empty).as_object().empty());
  CHECK(problem(R"({"color":"#ffff00"})").find("contrast 1.1:1") != std::string::npos);
  CHECK(problem(R"({"color":"blue"})").find("hex colour") != std::string::npos);
  CHECK(problem(R"({"position":"top"})") == "the position is right or left");
  CHECK(problem(R"({"theme":"blue"})").find("theme") != std::string::npos);
  CHECK(problem(R"({"launcher_label":"two\nlines"})").find("one line") != std::string::npos);
  CHECK(problem(R"({"ways":[]})") == "offer at least one way to a person");
  CHECK(problem(R"({"ways":["pigeon"]})").find("each way") != std::string::npos);
  CHECK(problem(R"({"lang":"ja"})").find("default language") != std::string::npos);
  CHECK(problem(R"({"lang":"pt-BR"})").find("default language") != std::string::npos);
}
