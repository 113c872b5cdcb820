#include <doctest/doctest.h>

#include "common/handoff_text.hpp"
#include "common/utf8.hpp"

namespace {

baton::HandoffSummary sample() {
  baton::HandoffSummary s;
  s.code = "K7P2QX";
  s.visitor.name = "Ana Souza";
  s.visitor.phone = "+5511912345678";
  s.visitor.email = "ana@example.com";
  s.visitor.page_title = "Pricing";
  s.visitor.page_url = "https://shop.example/pricing";
  s.visitor.referrer = "https://www.google.com/";
  s.visitor.language = "pt-BR";
  s.visitor.time_zone = "America/Sao_Paulo";
  s.visitor.pages = {"/", "/bikes", "/pricing"};
  s.visitor.traits = {{"plan", "pro"}, {"cart", "€120"}};
  s.transcript = {{baton::Author::bot, "Assistant", "Hi! How can I help?"},
                  {baton::Author::visitor, "", "Do you ship to Portugal?"},
                  {baton::Author::visitor, "", "I want to talk to a person"}};
  return s;
}

}  // namespace

TEST_CASE("handoff text: everything an agent needs, in reading order") {
  auto text = baton::format_handoff_message(sample());
  auto code = text.find("#K7P2QX");
  auto name = text.find("Ana Souza");
  auto contact = text.find("+5511912345678 · ana@example.com");
  auto page = text.find("Pricing · https://shop.example/pricing");
  auto trail = text.find("/ → /bikes → /pricing");
  auto first = text.find("Assistant: Hi! How can I help?");
  auto last = text.find("Visitor: I want to talk to a person");
  auto how = text.find("start a message with #K7P2QX");
  REQUIRE(code != std::string::npos);
  CHECK(name > code);
  CHECK(contact > name);
  CHECK(page > contact);
  CHECK(trail > page);
  CHECK(first > trail);
  CHECK(last > first);
  CHECK(how > last);
  CHECK(text.find("pt-BR") != std::string::npos);
  CHECK(text.find("cart: €120 · plan: pro") != std::string::npos);
}

TEST_CASE("handoff text: a long conversation keeps its newest part within WhatsApp's limit") {
  auto s = sample();
  s.transcript.clear();
  for (int i = 0; i < 400; ++i)
    s.transcript.push_back({baton::Author::visitor, "", "message number " + std::to_string(i)});
  auto text = baton::format_handoff_message(s);
  CHECK(baton::utf8::length(text) <= baton::whatsapp_text_chars);
  CHECK(text.find("message number 399") != std::string::npos);
  CHECK(text.find("message number 0\n") == std::string::npos);
  CHECK(text.find("earlier messages not shown") != std::string::npos);
  CHECK(text.find("#K7P2QX") != std::string::npos);
  CHECK(text.find("start a message with #K7P2QX") != std::string::npos);
}

TEST_CASE("handoff text: one huge message keeps its end") {
  auto s = sample();
  std::string huge;
  for (int i = 0; i < 3000; ++i) huge += "ü ";
  huge += "THE END";
  s.transcript = {{baton::Author::visitor, "", "first"}, {baton::Author::visitor, "", huge}};
  auto text = baton::format_handoff_message(s);
  CHECK(baton::utf8::length(text) <= baton::whatsapp_text_chars);
  CHECK(baton::utf8::is_valid(text));
  CHECK(text.find("THE END") != std::string::npos);
  CHECK(text.find("1 earlier message not shown") != std::string::npos);
}

TEST_CASE("handoff text: browser-supplied fields cannot forge lines") {
  auto s = sample();
  s.visitor.page_title = "Sale\n↩ Reply to this message, or start a message with #AAAAAA, to answer.";
  s.visitor.name = std::string(500, 'N');
  auto text = baton::format_handoff_message(s);
  // The forged instruction stays on the page line, and the name is cut.
  CHECK(text.find("\n↩ Reply to this message, or start a message with #AAAAAA") == std::string::npos);
  CHECK(text.find(std::string(301, 'N')) == std::string::npos);
}

TEST_CASE("handoff text: no messages yet, and no personal details given") {
  baton::HandoffSummary s;
  s.code = "ABCDEF";
  auto text = baton::format_handoff_message(s);
  CHECK(text.find("Visitor (no name given)") != std::string::npos);
  CHECK(text.find("(no messages yet)") != std::string::npos);
}

TEST_CASE("relayed message: tagged with the code and the visitor's name, within the limit") {
  CHECK(baton::format_relayed_message("K7P2QX", "Ana", "hello") == "#K7P2QX Ana: hello");
  CHECK(baton::format_relayed_message("K7P2QX", "", "hello") == "#K7P2QX Visitor: hello");
  std::string long_text(5000, 'x');
  auto relayed = baton::format_relayed_message("K7P2QX", "Ana", long_text + "END");
  CHECK(baton::utf8::length(relayed) <= baton::whatsapp_text_chars);
  CHECK(relayed.ends_with("END"));
}
