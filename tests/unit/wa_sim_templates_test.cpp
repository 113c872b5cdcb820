// wa-sim's template registry: parsing --templates, rendering, and the
// template errors Meta answers (132000, 132001, 132018).

#include <doctest/doctest.h>

#include <stdexcept>

#include "tools/wa-sim/send_validator.hpp"
#include "tools/wa-sim/template_content.hpp"

namespace {

using baton::sim::GraphError;
using baton::sim::SendRequest;
using baton::sim::TemplateRegistry;

std::string template_body(const std::string& name, const std::string& lang, const std::string& params) {
  return R"({"messaging_product":"whatsapp","to":"+15551230001","type":"template","template":{"name":")" + name +
         R"(","language":{"code":")" + lang + R"("},"components":[{"type":"body","parameters":[)" + params + "]}]}}";
}

std::string text_param(const std::string& text) { return R"({"type":"text","text":")" + text + R"("})"; }

}  // namespace

TEST_CASE("wa-sim: template registry parsing") {
  auto specs = TemplateRegistry::parse("baton_reconnect:en:1,shipping:de:2:Track|Stop");
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].name == "baton_reconnect");
  CHECK(specs[0].language == "en");
  CHECK(specs[0].body_params == 1);
  CHECK(specs[1].quick_replies == std::vector<std::string>{"Track", "Stop"});
  CHECK_THROWS_AS(TemplateRegistry::parse("broken"), std::invalid_argument);
  CHECK_THROWS_AS(TemplateRegistry::parse("a:en:x"), std::invalid_argument);
  CHECK(TemplateRegistry::parse("").empty());
}

TEST_CASE("wa-sim: template rendering") {
  CHECK(TemplateRegistry::render("baton_reconnect", {"a new message"}) ==
        "You have a new message waiting. Reply to this message to see it.");
  CHECK(TemplateRegistry::render("shipping", {"p1", "p2"}) == "[template shipping] p1 | p2");
  CHECK(TemplateRegistry::render("bare", {}) == "[template bare]");
}

TEST_CASE("wa-sim: template sends") {
  TemplateRegistry registry(TemplateRegistry::parse("baton_reconnect:en:1,shipping:de:2:Track|Stop"));
  baton::sim::SendValidator validator(registry, "15550001234");
  auto run = [&](const std::string& body) { return validator.validate(body); };

  auto ok = run(template_body("baton_reconnect", "en", text_param("2 messages")));
  REQUIRE(std::holds_alternative<SendRequest>(ok));
  CHECK(std::get<SendRequest>(ok).body == "You have 2 messages waiting. Reply to this message to see it.");
  CHECK(std::get<SendRequest>(ok).is_template());

  auto unknown = std::get<GraphError>(run(template_body("baton_reconnect", "fr", text_param("x"))));
  CHECK(unknown.code == 132001);
  CHECK(unknown.http_status == 404);
  CHECK(unknown.message == "(#132001) Template name does not exist in the translation");
  CHECK(unknown.details == "template name (baton_reconnect) does not exist in fr");

  auto count = std::get<GraphError>(run(template_body("baton_reconnect", "en", "")));
  CHECK(count.code == 132000);
  CHECK(count.message == "(#132000) Number of parameters does not match the expected number of params");

  for (std::string bad : {"two\\nlines", "a\\ttab", "five     spaces"}) {
    auto e = std::get<GraphError>(run(template_body("baton_reconnect", "en", text_param(bad))));
    CHECK(e.code == 132018);
    CHECK(e.details == "Param text cannot have new-line/tab characters or more than 4 consecutive spaces");
  }
  CHECK(std::holds_alternative<SendRequest>(run(template_body("baton_reconnect", "en", text_param("four    spaces")))));

  auto missing = std::get<GraphError>(run(R"({"messaging_product":"whatsapp","to":"15551230001","type":"template"})"));
  CHECK(missing.code == 131008);

  auto buttons = run(template_body("shipping", "de", text_param("a") + "," + text_param("b")));
  REQUIRE(std::holds_alternative<SendRequest>(buttons));
  REQUIRE(std::get<SendRequest>(buttons).buttons.size() == 2);
  CHECK(std::get<SendRequest>(buttons).buttons[0].title == "Track");
}

TEST_CASE("wa-sim: parameter text rule") {
  CHECK(baton::sim::is_acceptable_parameter_text("plain text"));
  CHECK(baton::sim::is_acceptable_parameter_text("a    b"));
  CHECK_FALSE(baton::sim::is_acceptable_parameter_text("a     b"));
  CHECK_FALSE(baton::sim::is_acceptable_parameter_text("a\nb"));
  CHECK_FALSE(baton::sim::is_acceptable_parameter_text("a\tb"));
}
