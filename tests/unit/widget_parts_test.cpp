// The widget core's pieces: languages, links, page context, storage, the
// conversation model.

#include <doctest/doctest.h>

#include <algorithm>

#include "client/core/conversation.hpp"
#include "client/core/json_text.hpp"
#include "client/core/language.hpp"
#include "client/core/linkify.hpp"
#include "client/core/message_format.hpp"
#include "client/core/page_context.hpp"
#include "client/core/stored_state.hpp"
#include "client/core/update.hpp"

using namespace baton::client;
using baton::Lang;
using baton::right_to_left;

TEST_CASE("widget: languages from data-lang or the browser, Arabic right to left") {
  CHECK(pick_language("de", {"fr-FR"}) == Lang::de);
  CHECK(pick_language("", {"pt-BR", "en"}) == Lang::pt);
  CHECK(pick_language("klingon", {"xx", "ES"}) == Lang::es);
  CHECK(pick_language("", {}) == Lang::en);
  CHECK(right_to_left(Lang::ar));
  CHECK_FALSE(right_to_left(Lang::fr));
  CHECK(text(Lang::en, Text::open_chat) == "Open chat");
  CHECK(text(Lang::en, Text::talk_to_agent) == "Talk to a live agent");
  CHECK(text(Lang::en, Text::option_live) == "Wait for live chat");
  CHECK(text(Lang::en, Text::option_whatsapp) == "Continue on WhatsApp");
  CHECK(text(Lang::en, Text::option_callback) == "Schedule a call");
  CHECK(format(Lang::es, Text::state_waiting, "agent", "Ana") == "Esperando a Ana…");
  for (auto language : {Lang::en, Lang::es, Lang::pt, Lang::fr, Lang::de, Lang::ar}) {
    for (int i = 0; i <= static_cast<int>(Text::agent); ++i) CHECK_FALSE(text(language, static_cast<Text>(i)).empty());
    // Every consent text names WhatsApp, in every language.
    for (auto consent : {Text::consent_live, Text::consent_whatsapp, Text::consent_callback}) {
      auto words = std::string(text(language, consent));
      CHECK((words.find("WhatsApp") != std::string::npos || words.find("واتساب") != std::string::npos));
    }
  }
}

TEST_CASE("widget: each language's texts travel as a file and come back the same") {
  for (auto language : {Lang::es, Lang::pt, Lang::fr, Lang::de, Lang::ar}) {
    auto file = texts_file(language);
    CHECK(file.starts_with("baton-widget-texts 1 " + std::string(baton::to_string(language)) + " "));
    REQUIRE(take_texts_file(file));
    CHECK(has_texts(language));
    // One line a text: a text's own line breaks and backslashes are escaped.
    CHECK(static_cast<std::size_t>(std::count(file.begin(), file.end(), '\n')) == text_count + 1);
  }
  CHECK(texts_file(Lang::es).find("\nAbrir chat\n") != std::string::npos);
}

TEST_CASE("widget: JSON numbers are read from their text, whole integers only") {
  auto doc = json::parse_object(R"({"a": 42, "b": -7, "c": 1.5, "e": 1e3, "f": 99999999999999999999, "g": true})");
  REQUIRE(doc);
  CHECK(json::integer_at(*doc, "a") == 42);
  CHECK(json::integer_at(*doc, "b") == -7);
  CHECK(json::integer_at(*doc, "c", -1) == -1);
  CHECK(json::integer_at(*doc, "e", -1) == -1);
  CHECK(json::integer_at(*doc, "f", -1) == -1);
  CHECK(json::integer_at(*doc, "g", -1) == -1);
  CHECK(json::integer_at(*doc, "missing", 5) == 5);
  // The console shows JSON as it came: its numbers stay numbers.
  auto exact = json::parse_object_with_numbers(R"({"ms": 1.5, "n": 3})");
  REQUIRE(exact);
  CHECK((*exact)["ms"].GetDouble() == doctest::Approx(1.5));
  CHECK(json::integer_at(*exact, "n") == 3);
}

TEST_CASE("widget: a texts file from another build or an error page is refused") {
  auto file = texts_file(Lang::de);
  CHECK_FALSE(take_texts_file(""));
  CHECK_FALSE(take_texts_file("<html>502 Bad Gateway</html>"));
  CHECK_FALSE(take_texts_file(file.substr(0, file.size() - 1)));  // the last line cut
  CHECK_FALSE(take_texts_file(file + "one more\n"));
  auto fewer = file;
  fewer.replace(fewer.find(' ', 22), std::to_string(text_count).size() + 1, " 3");
  CHECK_FALSE(take_texts_file(fewer));
  auto other_tag = file;
  other_tag.replace(21, 2, "xx");
  CHECK_FALSE(take_texts_file(other_tag));
  auto bad_escape = file;
  bad_escape.insert(bad_escape.find('\n') + 1, "\\q");
  CHECK_FALSE(take_texts_file(bad_escape));
  CHECK(take_texts_file(file));
}

TEST_CASE("widget: only http(s) links, without the sentence's punctuation") {
  auto runs = linkify("See https://shop.example/p?a=1. Or http://x.example, ok");
  REQUIRE(runs.size() == 5);
  CHECK(runs[0] == TextRun{"See ", false});
  CHECK(runs[1] == TextRun{"https://shop.example/p?a=1", true});
  CHECK(runs[2] == TextRun{". Or ", false});
  CHECK(runs[3] == TextRun{"http://x.example", true});
  CHECK(runs[4] == TextRun{", ok", false});
  CHECK(linkify("javascript:alert(1)") == std::vector<TextRun>{{"javascript:alert(1)", false}});
  CHECK(linkify("bare https:// here") == std::vector<TextRun>{{"bare https:// here", false}});
  CHECK(linkify("xhttps://evil.example") == std::vector<TextRun>{{"xhttps://evil.example", false}});
  CHECK(linkify("").empty());
}

TEST_CASE("widget: WhatsApp formatting becomes styles, read the way WhatsApp reads it") {
  using R = StyledRun;
  using V = std::vector<StyledRun>;
  CHECK(format_message("*Hi* Lena, _see_ ~old~ `code`") ==
        V{R{"Hi", false, style_bold}, R{" Lena, ", false, 0}, R{"see", false, style_italic}, R{" ", false, 0},
          R{"old", false, style_strike}, R{" ", false, 0}, R{"code", false, style_mono}});
  CHECK(format_message("*_both_*") == V{R{"both", false, style_bold | style_italic}});
  CHECK(format_message("```a *b*\nc```") == V{R{"a *b*\nc", false, style_mono}});
  CHECK(format_message("Price: *€120*.") == V{R{"Price: ", false, 0}, R{"€120", false, style_bold}, R{".", false, 0}});
  // Markers inside words, around spaces, across lines or unclosed stay as typed.
  for (std::string_view plain : {"snake_case_name", "2*3*4", "* item\n* item", "*not closed", "a * b * c",
                                 "*across\nlines*", "**", "``", "~~", "mi*ss*ing", "_x _"}) {
    CHECK(format_message(plain) == V{R{std::string(plain), false, 0}});
  }
  // Links are found first: their underscores are not italics.
  CHECK(format_message("_see https://x.example/a_b_c now_") ==
        V{R{"_see ", false, 0}, R{"https://x.example/a_b_c", true, 0}, R{" now_", false, 0}});
  // Markup is text, styled or not.
  CHECK(format_message("*<img src=x onerror=alert(1)>*") == V{R{"<img src=x onerror=alert(1)>", false, style_bold}});
  CHECK(format_message("").empty());
}

TEST_CASE("widget: page context without personal details, handoff context with them") {
  PageInfo page{"https://shop.example/bikes?utm_source=news%20letter&utm_campaign=winter&x=1#top",
                "Bikes",
                "https://www.google.com/",
                "pt-BR",
                "America/Sao_Paulo",
                "UA",
                {"pt-BR"},
                "pt"};
  auto utm = utm_parameters(page.url);
  CHECK(utm.size() == 2);
  CHECK(utm["utm_source"] == "news letter");
  CHECK(page_path(page.url) == "/bikes");
  CHECK(page_path("https://shop.example") == "/");
  std::vector<std::string> pages{"/"};
  remember_page(pages, "/bikes");
  remember_page(pages, "/bikes");
  CHECK(pages == std::vector<std::string>{"/", "/bikes"});
  for (int i = 0; i < 60; ++i) remember_page(pages, "/p" + std::to_string(i));
  CHECK(pages.size() == 50);
  CHECK(pages.back() == "/p59");

  StoredState stored;
  stored.pages = {"/", "/bikes"};
  stored.identity = {"Ana", "ana@example.com", "+5511912345678"};
  stored.traits = {{"plan", "pro"}};
  auto opening = opening_context(page, stored.pages);
  CHECK(opening.name.empty());
  CHECK(opening.email.empty());
  CHECK(opening.traits.empty());
  CHECK(opening.utm.size() == 2);
  CHECK(opening.page_url == "https://shop.example/bikes?utm_source=news%20letter&utm_campaign=winter");
  auto json = context_to_json(opening);
  CHECK(json.find("Ana") == std::string::npos);
  CHECK(json.find("\"time_zone\":\"America/Sao_Paulo\"") != std::string::npos);
  auto handoff = handoff_context(page, stored);
  CHECK(handoff.email == "ana@example.com");
  CHECK(handoff.traits.at("plan") == "pro");
}

TEST_CASE("widget: secrets in query strings and fragments never leave the browser") {
  CHECK(shareable_url("https://shop.example/reset?token=s3cret&utm_source=mail#access_token=abc") ==
        "https://shop.example/reset?utm_source=mail");
  CHECK(shareable_url("https://shop.example/account?sid=42") == "https://shop.example/account");
  CHECK(shareable_url("https://shop.example/a?x=1&utm_medium=cpc&y=2&utm%5Fterm=b") ==
        "https://shop.example/a?utm_medium=cpc&utm%5Fterm=b");
  CHECK(shareable_url("https://shop.example/#/route?code=1") == "https://shop.example/");
  CHECK(shareable_url("") == "");
  PageInfo page{"https://shop.example/cb?code=oauth-code&state=x",
                "Callback",
                "https://idp.example/login?ticket=t",
                "en",
                "UTC",
                "UA",
                {"en"},
                "en"};
  auto json = context_to_json(opening_context(page, {page_path(page.url)}));
  for (const char* secret : {"oauth-code", "state=x", "ticket", "#"}) CHECK(json.find(secret) == std::string::npos);
}

TEST_CASE("widget: stored state survives JSON, tabs merge outboxes") {
  SessionKeys keys{"s_1", "token", "K7P2QX"};
  CHECK(session_from_json(session_to_json(keys)) == keys);
  CHECK_FALSE(session_from_json(session_to_json(std::nullopt)));
  CHECK_FALSE(session_from_json("{broken"));
  std::vector<QueuedMessage> outbox{{"c1", "hello \"there\" 👋", 10}, {"c2", "second", 20}};
  CHECK(outbox_from_json(outbox_to_json(outbox)) == outbox);
  CHECK(outbox_from_json("not json").empty());
  CHECK(pages_from_json(pages_to_json({"/a", "/b"})) == std::vector<std::string>{"/a", "/b"});
  Identity identity{"Ana", "a@b.co", "+15551230001"};
  std::map<std::string, std::string> traits{{"k", "v"}};
  Identity read;
  std::map<std::string, std::string> read_traits;
  identity_from_json(identity_to_json(identity, traits), read, read_traits);
  CHECK(read == identity);
  CHECK(read_traits == traits);

  std::vector<QueuedMessage> theirs{{"c3", "from the other tab", 15}, {"c1", "hello", 10}};
  auto merged = merge_outboxes(outbox, theirs, {"c2"});
  REQUIRE(merged.size() == 2);
  CHECK(merged[0].cid == "c1");
  CHECK(merged[1].cid == "c3");
}

TEST_CASE("widget: merged outboxes keep the order typed, ties in the order found") {
  std::vector<QueuedMessage> ours{{"a", "1", 30}, {"b", "2", 10}};
  std::vector<QueuedMessage> theirs{{"c", "3", 20}, {"d", "4", 10}, {"a", "1", 30}};
  auto merged = merge_outboxes(ours, theirs, {});
  std::vector<std::string> cids;
  for (const auto& item : merged) cids.push_back(item.cid);
  CHECK(cids == std::vector<std::string>{"b", "d", "c", "a"});
}

TEST_CASE("widget: a queued message becomes its stored self in place, statuses only move forward") {
  Conversation c;
  baton::Message greeting;
  greeting.seq = 1;
  greeting.id = "m_1";
  greeting.author = baton::Author::bot;
  CHECK(c.apply(greeting));
  CHECK_FALSE(c.apply(greeting));
  c.add_queued({"c1", "queued one", 5});
  c.add_queued({"c2", "queued two", 6});
  baton::Message stored;
  stored.seq = 2;
  stored.id = "m_2";
  stored.cid = "c1";
  stored.author = baton::Author::visitor;
  stored.text = "queued one";
  c.apply(stored);
  REQUIRE(c.entries().size() == 3);
  // The key stays the client id, so the view keeps the same node.
  CHECK(c.entries()[1].key == "c1");
  CHECK(c.entries()[1].id == "m_2");
  CHECK(c.entries()[1].status == baton::MessageStatus::sent);
  CHECK(c.entries()[2].key == "c2");
  CHECK(c.entries()[2].status == baton::MessageStatus::queued);
  c.apply(baton::StatusChange{3, "m_2", baton::MessageStatus::read, 0});
  c.apply(baton::StatusChange{4, "m_2", baton::MessageStatus::delivered, 0});
  CHECK(c.entries()[1].status == baton::MessageStatus::read);
  CHECK(c.last_seq() == 4);
}

TEST_CASE("widget: messages arriving out of order are shown in sequence order, queued ones last") {
  Conversation c;
  auto message = [](std::uint64_t seq, const char* id) {
    baton::Message m;
    m.seq = seq;
    m.id = id;
    m.author = baton::Author::agent;
    return m;
  };
  c.add_queued({"q1", "typed offline", 1});
  c.apply(message(5, "m_5"));
  c.apply(message(2, "m_2"));
  c.apply(message(9, "m_9"));
  c.apply(message(7, "m_7"));
  std::vector<std::string> keys;
  for (const auto& entry : c.entries()) keys.push_back(entry.key);
  CHECK(keys == std::vector<std::string>{"m_2", "m_5", "m_7", "m_9", "q1"});
}

TEST_CASE("widget: queued lines show in the order they were typed, as they will be sent") {
  Conversation c;
  baton::Message greeting;
  greeting.seq = 1;
  greeting.id = "m_1";
  greeting.author = baton::Author::bot;
  c.apply(greeting);
  c.add_queued({"here", "typed in this tab", 20});
  c.add_queued({"there", "typed earlier in another tab", 10});  // merged from storage later
  c.add_queued({"same", "typed at the same moment", 20});
  std::vector<std::string> keys;
  for (const auto& entry : c.entries()) keys.push_back(entry.key);
  CHECK(keys == std::vector<std::string>{"m_1", "there", "here", "same"});
  auto order = merge_outboxes({{"here", "typed in this tab", 20}, {"same", "typed at the same moment", 20}},
                              {{"there", "typed earlier in another tab", 10}}, {});
  REQUIRE(order.size() == 3);
  CHECK(order[0].cid == "there");
  CHECK(order[1].cid == "here");
  CHECK(order[2].cid == "same");
}

TEST_CASE("widget: reconnect delays double to 30 s with jitter") {
  CHECK(reconnect_delay_ms(1, 0.0) == 250);
  CHECK(reconnect_delay_ms(1, 0.999) == 499);
  CHECK(reconnect_delay_ms(3, 0.0) == 1000);
  CHECK(reconnect_delay_ms(20, 0.0) == 15000);
  CHECK(reconnect_delay_ms(20, 0.999) == 29985);
}
