// The whole widget core in a fake browser: sessions, the live stream, the
// offline queue, two tabs, the handoff, and what the visitor sees.

#include <doctest/doctest.h>

#include "client/core/contact_card.hpp"
#include "client/core/place_view.hpp"
#include "client/core/widget_app.hpp"
#include "common/protocol/binary_codec.hpp"
#include "tests/support/fake_dom.hpp"
#include "tests/support/fake_platform.hpp"

using namespace baton;
using namespace baton::client;
using baton::test::FakeDom;
using baton::test::FakePlatform;

namespace {

struct Tab {
  explicit Tab(std::shared_ptr<std::map<std::string, std::string>> storage = nullptr, std::string lang = "en")
      : platform(storage ? storage : std::make_shared<std::map<std::string, std::string>>()), app(platform, dom) {
    PageInfo page{
        "https://shop.example/bikes?utm_source=ads", "Bikes", "", "en-US", "Europe/Lisbon", "UA", {"en-US"}, {}};
    app.start(page, lang);
    // The minute clock for "5 min ago" starts with the widget; the tests of
    // reconnect timers count from here.
    REQUIRE(platform.timers.size() == 1);
    CHECK(platform.timers[0] == std::pair<client::TimerKind, std::int64_t>{client::TimerKind::clock, 60'000});
    platform.timers.clear();
  }

  void relay(const ServerFrame& frame) { app.dispatch(action::SocketData{encode_binary(frame)}); }

  void answer(HttpPurpose purpose, int status, std::string body) {
    app.dispatch(action::HttpDone{purpose, status, std::move(body)});
  }

  // Opens the panel and completes session creation and the live stream.
  void open_and_connect(std::uint64_t last_seq = 1) {
    app.dispatch(action::Open{});
    if (!app.model().stored.session) {
      answer(HttpPurpose::create_session, 201, R"({"session_id":"s_1","token":"tok","code":"K7P2QX"})");
    }
    app.dispatch(action::SocketOpened{});
    relay(Welcome{"s_1", "K7P2QX", SessionState::bot, "", last_seq, {}});
  }

  std::vector<ClientFrame> frames_sent() {
    std::vector<ClientFrame> out;
    for (const auto& bytes : platform.sent) {
      if (auto frame = decode_client_frame(bytes)) out.push_back(*frame);
    }
    return out;
  }

  std::vector<std::string> texts_sent() {
    std::vector<std::string> out;
    for (const auto& frame : frames_sent()) {
      if (const auto* send = std::get_if<SendText>(&frame)) out.push_back(send->text);
    }
    return out;
  }

  void type_and_send(const std::string& text) {
    auto input = dom.find("aria-label", "Message");
    REQUIRE(input);
    dom.set_value(*input, text);
    app.dom_event(*input, DomEvent::enter);
  }

  // The check boxes on screen now (consent, "send me a copy").
  std::vector<client::Node> visible_checkboxes() {
    std::vector<client::Node> boxes;
    for (auto node : dom.all_with_tag("input")) {
      if (dom.at(node).attributes["type"] == "checkbox" && dom.visible(node)) boxes.push_back(node);
    }
    return boxes;
  }

  void click(const std::string& label) {
    auto node = dom.find("aria-label", label);
    if (!node) node = dom.find_tag_with_text("button", label);
    REQUIRE_MESSAGE(node, "no visible control named " << label);
    app.dom_event(*node, DomEvent::click);
  }

  FakeDom dom;
  FakePlatform platform;
  WidgetApp app;
};

Message from(Author author, std::uint64_t seq, std::string text, std::string cid = {}, std::string name = {}) {
  Message m;
  m.seq = seq;
  m.id = "m_" + std::to_string(seq);
  m.cid = std::move(cid);
  m.author = author;
  m.author_name = std::move(name);
  m.text = std::move(text);
  return m;
}

}  // namespace

TEST_CASE("widget flow: nothing leaves the browser until the visitor opens the chat") {
  Tab tab;
  tab.app.dispatch(action::Identify{{"Ana Souza", "ana@example.com", "+55 11 91234-5678"}});
  CHECK(tab.platform.calls.empty());
  CHECK(tab.platform.sockets_opened == 0);
  CHECK(tab.dom.launcher_label == "Open chat");
  tab.app.dispatch(action::Open{});
  REQUIRE(tab.platform.calls.size() == 2);
  const auto& create = tab.platform.calls[0];
  CHECK(create.path == "/v1/sessions");
  CHECK(create.body.find("\"utm_source\":\"ads\"") != std::string::npos);
  CHECK(create.body.find("\"ui_language\":\"en\"") != std::string::npos);  // what the relay writes in
  CHECK(create.body.find("Ana") == std::string::npos);
  CHECK(create.body.find("ana@example.com") == std::string::npos);
  CHECK(tab.platform.calls[1].path == "/v1/availability");
  CHECK(tab.dom.launcher_label == "Close chat");
  CHECK(tab.dom.focused == *tab.dom.find("aria-label", "Message"));
}

TEST_CASE("widget flow: session, hello, messages, acknowledgements, ticks") {
  Tab tab;
  tab.open_and_connect();
  auto frames = tab.frames_sent();
  REQUIRE(frames.size() == 1);
  CHECK(std::get<Hello>(frames[0]) == Hello{"s_1", "tok", 0});
  CHECK(tab.platform.storage()->at("baton.session").find("s_1") != std::string::npos);

  tab.relay(from(Author::bot, 1, "Hi! How can I help?", {}, "Assistant"));
  tab.type_and_send("Do you ship to Portugal?");
  CHECK(tab.texts_sent() == std::vector<std::string>{"Do you ship to Portugal?"});
  auto input = tab.dom.find("aria-label", "Message");
  CHECK(tab.dom.value(*input).empty());
  CHECK(tab.platform.storage()->at("baton.outbox").find("Portugal") != std::string::npos);
  CHECK(tab.dom.find("aria-label", "Waiting to send"));

  auto cid = std::get<SendText>(tab.frames_sent().back()).cid;
  tab.relay(from(Author::visitor, 2, "Do you ship to Portugal?", cid));
  tab.relay(Ack{cid, "m_2", 2});
  CHECK(tab.platform.storage()->at("baton.outbox") == "[]");
  CHECK(tab.dom.find("aria-label", "Sent"));
  tab.relay(StatusChange{3, "m_2", MessageStatus::read, 0});
  CHECK(tab.dom.find("aria-label", "Read"));
  auto log = tab.dom.find("role", "log");
  REQUIRE(log);
  CHECK(tab.dom.text_of(*log).find("Hi! How can I help?") != std::string::npos);
}

TEST_CASE("widget flow: typed while offline, queued, sent once and in order when back") {
  auto storage = std::make_shared<std::map<std::string, std::string>>();
  {
    Tab tab(storage);
    tab.open_and_connect();
    tab.app.dispatch(action::Network{false});
    // The widget closes the socket itself: nothing typed now goes into it.
    CHECK_FALSE(tab.platform.socket_open);
    REQUIRE(tab.platform.timers.size() == 1);
    CHECK(tab.dom.find_tag_with_text("p", "You're offline"));
    tab.type_and_send("one");
    tab.type_and_send("two");
    tab.type_and_send("three");
    CHECK(tab.texts_sent().empty());
    // The tab is reloaded before the network returns.
  }
  Tab reloaded(storage);
  reloaded.app.dispatch(action::Open{});
  auto log = reloaded.dom.find("role", "log");
  REQUIRE(log);
  auto shown = reloaded.dom.text_of(*log);
  CHECK(shown.find("one") < shown.find("two"));
  CHECK(shown.find("two") < shown.find("three"));
  CHECK(shown.find("three") != std::string::npos);
  reloaded.app.dispatch(action::SocketOpened{});
  reloaded.relay(Welcome{"s_1", "K7P2QX", SessionState::bot, "", 1, {}});
  // One at a time, oldest first.
  CHECK(reloaded.texts_sent() == std::vector<std::string>{"one"});
  auto first = std::get<SendText>(reloaded.frames_sent().back()).cid;
  // The socket drops before any acknowledgement: the same message, with the
  // same cid, goes first again, so the relay stores it once.
  reloaded.app.dispatch(action::SocketClosed{1006});
  reloaded.app.dispatch(action::Network{true});
  CHECK(reloaded.platform.sockets_opened == 2);
  reloaded.app.dispatch(action::SocketOpened{});
  reloaded.relay(Welcome{"s_1", "K7P2QX", SessionState::bot, "", 1, {}});
  CHECK(reloaded.texts_sent() == std::vector<std::string>{"one", "one"});
  CHECK(std::get<SendText>(reloaded.frames_sent().back()).cid == first);
  // Each acknowledgement releases the next.
  std::uint64_t seq = 2;
  for (const char* expected : {"two", "three"}) {
    auto cid = std::get<SendText>(reloaded.frames_sent().back()).cid;
    reloaded.relay(Ack{cid, "m_" + std::to_string(seq), seq});
    CHECK(reloaded.texts_sent().back() == expected);
    ++seq;
  }
  auto last = std::get<SendText>(reloaded.frames_sent().back()).cid;
  reloaded.relay(Ack{last, "m_4", 4});
  CHECK(reloaded.texts_sent() == std::vector<std::string>{"one", "one", "two", "three"});
  CHECK(reloaded.platform.storage()->at("baton.outbox") == "[]");
}

// Found on review: a message typed before the chat could be made, with the
// panel closed before the next page, stayed in the browser until the
// visitor opened the panel again, while they thought it had gone.
TEST_CASE("widget flow: typed before any chat could be made, sent from the next page with the panel closed") {
  auto storage = std::make_shared<std::map<std::string, std::string>>();
  {
    Tab tab(storage);
    tab.app.dispatch(action::Open{});
    tab.answer(HttpPurpose::create_session, 0, "");  // the relay cannot be reached
    tab.type_and_send("hello?");
    tab.app.dispatch(action::Close{});
    CHECK(tab.platform.storage()->at("baton.outbox").find("hello?") != std::string::npos);
  }
  Tab next_page(storage);
  CHECK_FALSE(next_page.app.model().open);
  REQUIRE_FALSE(next_page.platform.calls.empty());
  CHECK(next_page.platform.calls[0].path == "/v1/sessions");
  next_page.answer(HttpPurpose::create_session, 201, R"({"session_id":"s_1","token":"tok","code":"K7P2QX"})");
  next_page.app.dispatch(action::SocketOpened{});
  next_page.relay(Welcome{"s_1", "K7P2QX", SessionState::bot, "", 1, {}});
  CHECK(next_page.texts_sent() == std::vector<std::string>{"hello?"});
}

TEST_CASE("widget flow: a refusal the relay may lift keeps the message queued and in order") {
  Tab tab;
  tab.open_and_connect();
  tab.type_and_send("first");
  tab.type_and_send("second");
  CHECK(tab.texts_sent() == std::vector<std::string>{"first"});
  auto cid = std::get<SendText>(tab.frames_sent().back()).cid;
  auto timers_before = tab.platform.timers.size();
  tab.relay(ErrorFrame{"storage_unavailable", "please retry", cid});
  // Still queued, shown as waiting, nothing overtook it, a retry is timed.
  CHECK(tab.platform.storage()->at("baton.outbox").find("first") != std::string::npos);
  CHECK(tab.texts_sent() == std::vector<std::string>{"first"});
  CHECK_FALSE(tab.dom.find("aria-label", "Not delivered"));
  REQUIRE(tab.platform.timers.size() == timers_before + 1);
  CHECK(tab.platform.timers.back().first == TimerKind::resend);
  tab.app.dispatch(action::Timer{TimerKind::resend});
  CHECK(tab.texts_sent() == std::vector<std::string>{"first", "first"});
  CHECK(std::get<SendText>(tab.frames_sent().back()).cid == cid);
  tab.relay(ErrorFrame{"too_many_pending", "wait", cid});
  tab.app.dispatch(action::Timer{TimerKind::resend});
  tab.relay(Ack{cid, "m_2", 2});
  CHECK(tab.texts_sent() == std::vector<std::string>{"first", "first", "first", "second"});
}

TEST_CASE("widget flow: a message the relay can never accept is marked and the queue moves on") {
  Tab tab;
  tab.open_and_connect();
  tab.type_and_send("bad");
  tab.type_and_send("good");
  auto cid = std::get<SendText>(tab.frames_sent().back()).cid;
  tab.relay(ErrorFrame{"control_character", "no", cid});
  CHECK(tab.dom.find("aria-label", "Not delivered"));
  CHECK(tab.texts_sent() == std::vector<std::string>{"bad", "good"});
  CHECK(tab.platform.storage()->at("baton.outbox").find("bad") == std::string::npos);
}

TEST_CASE("widget flow: an acknowledgement is not a resume point") {
  // The relay acknowledges at once while older log entries may still be on
  // their way; resuming after the ack's seq would skip them.
  Tab tab;
  tab.open_and_connect(0);
  tab.type_and_send("hello");
  auto cid = std::get<SendText>(tab.frames_sent().back()).cid;
  tab.relay(Ack{cid, "m_9", 9});
  tab.app.dispatch(action::SocketClosed{1006});
  tab.app.dispatch(action::Timer{TimerKind::reconnect});
  tab.app.dispatch(action::SocketOpened{});
  auto frames = tab.frames_sent();
  CHECK(std::get<Hello>(frames.back()).after_seq == 0);
}

TEST_CASE("widget flow: reconnects back off with jitter and come at once on online or wake") {
  Tab tab;
  tab.open_and_connect();
  for (int i = 0; i < 4; ++i) {
    tab.app.dispatch(action::SocketClosed{1006});
    tab.app.dispatch(action::Timer{TimerKind::reconnect});
  }
  REQUIRE(tab.platform.timers.size() == 4);
  CHECK(tab.platform.timers[3].second > tab.platform.timers[0].second);
  CHECK(tab.platform.timers[3].second <= 4000);
  tab.app.dispatch(action::SocketClosed{1006});
  int before = tab.platform.sockets_opened;
  tab.app.dispatch(action::Wake{});
  CHECK(tab.platform.sockets_opened == before + 1);
  // The hello resumes after the last entry seen.
  tab.relay(from(Author::bot, 7, "latest"));
  tab.app.dispatch(action::SocketClosed{1006});
  tab.app.dispatch(action::Network{true});
  tab.app.dispatch(action::SocketOpened{});
  CHECK(std::get<Hello>(tab.frames_sent().back()).after_seq == 7);
}

TEST_CASE("widget flow: two tabs of one site share the session and the queue") {
  auto storage = std::make_shared<std::map<std::string, std::string>>();
  Tab first(storage);
  first.open_and_connect();
  Tab second(storage);
  CHECK(second.platform.sockets_opened == 1);  // the stored session connects at once
  first.app.dispatch(action::SocketClosed{1006});
  first.type_and_send("typed in the first tab");
  second.app.storage_changed();
  second.app.dispatch(action::SocketOpened{});
  second.relay(Welcome{"s_1", "K7P2QX", SessionState::bot, "", 1, {}});
  CHECK(second.texts_sent() == std::vector<std::string>{"typed in the first tab"});
}

TEST_CASE("widget flow: two tabs making a chat at once keep the one made first, with what was sent there") {
  auto storage = std::make_shared<std::map<std::string, std::string>>();
  Tab first(storage);
  Tab second(storage);
  first.app.dispatch(action::Open{});
  second.app.dispatch(action::Open{});
  REQUIRE(second.platform.calls.size() >= 1);
  first.answer(HttpPurpose::create_session, 201, R"({"session_id":"s_1","token":"tok","code":"K7P2QX"})");
  first.app.dispatch(action::SocketOpened{});
  first.relay(Welcome{"s_1", "K7P2QX", SessionState::bot, "", 1, {}});
  first.type_and_send("sent in the first chat");
  // The second tab hears of the first's chat before its own answer comes.
  second.app.storage_changed();
  CHECK(second.app.model().stored.session->id == "s_1");
  second.answer(HttpPurpose::create_session, 201, R"({"session_id":"s_2","token":"tok2","code":"M4R8ZT"})");
  CHECK(second.app.model().stored.session->id == "s_1");
  CHECK(storage->at("baton.session").find("s_2") == std::string::npos);
  first.app.storage_changed();
  CHECK(first.app.model().stored.session->id == "s_1");
  CHECK(first.texts_sent() == std::vector<std::string>{"sent in the first chat"});
}

TEST_CASE("widget flow: a full storage is told, not swallowed") {
  Tab tab;
  tab.open_and_connect();
  tab.platform.storage_full = true;
  tab.type_and_send("hello");
  CHECK(tab.dom.find_tag_with_text("p", "storage is full"));
  CHECK(tab.texts_sent() == std::vector<std::string>{"hello"});
}

TEST_CASE("widget flow: the handoff choices, the form, consent, and the agent taking over") {
  Tab tab;
  tab.app.dispatch(action::Identify{{"Ana Souza", "ana@example.com", ""}});
  tab.app.dispatch(action::Track{"plan", "pro"});
  tab.open_and_connect();
  tab.click("Talk to a live agent");
  tab.answer(HttpPurpose::availability, 200,
             R"({"online":true,"agents_online":2,"next_open":null,"options":["live"]})");
  CHECK(tab.dom.find_tag_with_text("p", "2 online now"));
  CHECK(tab.dom.find_tag_with_text("button", "Wait for live chat"));
  CHECK(tab.dom.find_tag_with_text("button", "Continue on WhatsApp"));
  CHECK(tab.dom.find_tag_with_text("button", "Schedule a call"));

  tab.click("Continue on WhatsApp");
  CHECK(tab.dom.find_tag_with_text("p", "isn't offered right now"));
  tab.click("Back");
  tab.click("Wait for live chat");
  auto name = tab.dom.find("autocomplete", "name");
  REQUIRE(name);
  CHECK(tab.dom.value(*name) == "Ana Souza");
  CHECK(tab.dom.find_tag_with_text("span", "through WhatsApp"));
  auto form = tab.dom.find("class", "handoff-form");
  REQUIRE(form);
  tab.app.dom_event(*form, DomEvent::submit);
  CHECK(tab.dom.find_tag_with_text("p", "tick the box"));
  std::size_t calls_before = tab.platform.calls.size();
  CHECK(tab.platform.calls.size() == calls_before);

  auto phone = tab.dom.find("autocomplete", "tel");
  tab.dom.set_value(*phone, "12345");
  auto consent = tab.dom.find("type", "checkbox");
  tab.dom.set_checked(*consent, true);
  tab.app.dom_event(*form, DomEvent::submit);
  CHECK(tab.dom.find_tag_with_text("p", "country code"));
  tab.dom.set_value(*phone, "+55 11 91234-5678");
  tab.app.dom_event(*form, DomEvent::submit);
  REQUIRE(tab.platform.calls.size() == calls_before + 1);
  const auto& handoff = tab.platform.calls.back();
  CHECK(handoff.path == "/v1/sessions/s_1/handoff");
  CHECK(handoff.bearer == "tok");
  CHECK(handoff.body.find("\"mode\":\"live\"") != std::string::npos);
  CHECK(handoff.body.find("\"consent\":true") != std::string::npos);
  // The sentence the visitor ticked, word for word, goes with it.
  auto shown = std::string(baton::client::text(baton::Lang::en, baton::client::Text::consent_live));
  CHECK(handoff.body.find("\"consent_text\":\"" + shown + "\"") != std::string::npos);
  CHECK(handoff.body.find("\"consent_language\":\"en\"") != std::string::npos);
  CHECK(handoff.body.find("\"phone\":\"+5511912345678\"") != std::string::npos);
  CHECK(handoff.body.find("\"plan\":\"pro\"") != std::string::npos);

  tab.answer(HttpPurpose::handoff, 200, R"({"mode":"live","state":"waiting","code":"K7P2QX","agent":"Ben"})");
  CHECK(tab.platform.notified.back() == std::pair<std::string, std::string>{"handoff", R"({"mode":"live"})"});
  CHECK(tab.dom.find_tag_with_text("p", "Waiting for Ben"));
  CHECK_FALSE(tab.dom.find_tag_with_text("button", "Talk to a live agent"));
  tab.relay(StateChange{SessionState::live, "Ben", {}});
  tab.relay(Message{3,
                    "m_3",
                    "",
                    Author::system,
                    "Ben",
                    MessageKind::agent_joined,
                    "Ben joined the chat.",
                    MessageStatus::sent,
                    0,
                    {}});
  tab.relay(from(Author::agent, 4, "Hi Ana, I'm Ben.", {}, "Ben"));
  CHECK(tab.dom.find_tag_with_text("p", "Ben is here"));
  auto log = tab.dom.find("role", "log");
  CHECK(tab.dom.text_of(*log).find("Ben joined the chat") != std::string::npos);
  CHECK(tab.dom.text_of(*log).find("Hi Ana, I'm Ben.") != std::string::npos);
}

TEST_CASE("widget flow: a way that closed while the form was open says so, and asks what is still open") {
  Tab tab;
  tab.open_and_connect();
  tab.click("Talk to a live agent");
  tab.answer(HttpPurpose::availability, 200, R"({"online":true,"agents_online":1,"options":["live"]})");
  tab.click("Wait for live chat");
  auto consent = tab.dom.find("type", "checkbox");
  REQUIRE(consent);
  tab.dom.set_checked(*consent, true);
  auto form = tab.dom.find("class", "handoff-form");
  REQUIRE(form);
  tab.app.dom_event(*form, DomEvent::submit);
  REQUIRE(tab.platform.calls.back().path == "/v1/sessions/s_1/handoff");
  // The WhatsApp account stopped sending meanwhile (relay/whatsapp/account_health.hpp).
  tab.answer(HttpPurpose::handoff, 503,
             R"({"error":{"code":"whatsapp_unavailable","message":"WhatsApp cannot reach the team right now"}})");
  CHECK(tab.dom.find_tag_with_text("p", "isn't offered right now"));
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "WhatsApp cannot reach the team"));
  CHECK(tab.platform.calls.back().path == "/v1/availability");
}

TEST_CASE("widget flow: the focus follows every view, and options that open by themselves say why") {
  Tab tab;
  tab.open_and_connect();
  tab.click("Talk to a live agent");
  auto heading = tab.dom.find_tag_with_text("h3", "How would you like to continue?");
  REQUIRE(heading);
  CHECK(tab.dom.focused == *heading);
  CHECK(tab.dom.at(*heading).attributes["tabindex"] == "-1");
  tab.answer(HttpPurpose::availability, 200, R"({"online":true,"agents_online":1,"options":["live","whatsapp"]})");
  tab.click("Wait for live chat");
  auto name = tab.dom.find("autocomplete", "name");
  CHECK(tab.dom.focused == *name);
  tab.dom.set_value(*name, "Kim");
  tab.click("Back");
  CHECK(tab.dom.focused == *heading);
  // What was typed is still there in the next form (kept in memory only).
  tab.click("Continue on WhatsApp");
  CHECK(tab.dom.value(*name) == "Kim");
  CHECK(tab.platform.storage()->count("baton.identity") == 0);
  tab.click("Back");
  tab.click("Back");
  CHECK(tab.dom.focused == *tab.dom.find("aria-label", "Message"));

  // Two misses: the options open by themselves, with the assistant's reason
  // above them and the focus on them, since the composer is gone.
  Message offer = from(Author::bot, 2, "I couldn't answer twice. A person can help.");
  offer.kind = MessageKind::handoff_offer;
  tab.relay(offer);
  CHECK(tab.dom.focused == *heading);
  CHECK(tab.dom.find_tag_with_text("p", "I couldn't answer twice. A person can help."));

  // Someone already waiting is not offered to wait again.
  tab.click("Back");
  tab.relay(StateChange{SessionState::waiting, "Ana", {}});
  Message again = from(Author::bot, 3, "Nobody has taken your chat yet.");
  again.kind = MessageKind::handoff_offer;
  tab.relay(again);
  CHECK(tab.dom.find_tag_with_text("button", "Continue on WhatsApp"));
  CHECK_FALSE(tab.dom.find_tag_with_text("button", "Wait for live chat"));
}

TEST_CASE("widget flow: the relay's refusal is shown in the form") {
  Tab tab;
  tab.open_and_connect();
  tab.click("Talk to a live agent");
  tab.answer(HttpPurpose::availability, 200, R"({"online":true,"agents_online":1,"options":["live"]})");
  tab.click("Wait for live chat");
  tab.dom.set_checked(*tab.dom.find("type", "checkbox"), true);
  tab.app.dom_event(*tab.dom.find("class", "handoff-form"), DomEvent::submit);
  tab.answer(HttpPurpose::handoff, 409,
             R"({"error":{"code":"no_agent_available","message":"no agent can take a live chat right now"}})");
  CHECK(tab.dom.find_tag_with_text("p", "no agent can take a live chat right now"));
}

TEST_CASE("widget flow: message text is text, links are safe links") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(from(Author::agent, 2, "<img src=x onerror=alert(1)> see https://shop.example/help and javascript:alert(2)",
                 {}, "Ben"));
  auto log = tab.dom.find("role", "log");
  // Only what the log holds counts: the handoff card has its own (hidden) link and image.
  auto in_log = [&](const std::vector<client::Node>& nodes) {
    std::vector<client::Node> out;
    for (auto node : nodes) {
      for (auto n = node; n != -1; n = tab.dom.at(n).parent) {
        if (n == *log) {
          out.push_back(node);
          break;
        }
      }
    }
    return out;
  };
  CHECK(in_log(tab.dom.all_with_tag("img")).empty());
  CHECK(tab.dom.text_of(*log).find("<img src=x onerror=alert(1)>") != std::string::npos);
  auto links = in_log(tab.dom.all_with_tag("a"));
  REQUIRE(links.size() == 1);
  CHECK(tab.dom.at(links[0]).attributes.at("href") == "https://shop.example/help");
  CHECK(tab.dom.at(links[0]).attributes.at("rel") == "noopener noreferrer");

  // WhatsApp's formatting becomes elements; markup inside it stays text.
  tab.relay(from(Author::agent, 3, "*Bold* and _<b>not html</b>_", {}, "Ben"));
  auto strong = in_log(tab.dom.all_with_tag("strong"));
  REQUIRE(strong.size() == 1);
  CHECK(tab.dom.text_of(strong[0]) == "Bold");
  auto em = in_log(tab.dom.all_with_tag("em"));
  REQUIRE(em.size() == 1);
  CHECK(tab.dom.text_of(em[0]) == "<b>not html</b>");
  CHECK(in_log(tab.dom.all_with_tag("b")).empty());
}

TEST_CASE("widget flow: unread badge while closed, announced politely") {
  Tab tab;
  tab.open_and_connect();
  tab.click("Close chat");
  CHECK(tab.dom.focused == -2);
  tab.relay(from(Author::agent, 2, "Are you still there?", {}, "Ben"));
  tab.relay(from(Author::agent, 3, "I can help now.", {}, "Ben"));
  CHECK(tab.dom.badge == "2");
  CHECK(tab.dom.badge_label == "2 unread");
  auto announcer = tab.dom.find("aria-live", "polite");
  REQUIRE(announcer);
  CHECK(tab.dom.text_of(*announcer) == "New message from Ben");
  tab.app.dispatch(action::Toggle{});
  CHECK(tab.dom.badge.empty());
}

TEST_CASE("widget flow: the badge counts from what the visitor read, on every page, and history is not news") {
  auto storage = std::make_shared<std::map<std::string, std::string>>();
  {
    Tab page(storage);
    page.open_and_connect();
    page.relay(from(Author::bot, 2, "Hi! How can I help?"));
    page.relay(from(Author::agent, 3, "Ana here.", {}, "Ana"));
    page.click("Close chat");
    page.relay(from(Author::agent, 4, "Anything else?", {}, "Ana"));
    CHECK(page.dom.badge == "1");
  }
  // The next page replays the log: only what was never shown counts, and
  // nothing of the replay is announced.
  Tab next(storage);
  next.app.dispatch(action::SocketOpened{});
  next.relay(Welcome{"s_1", "K7P2QX", SessionState::live, "Ana", 4, {}});
  for (std::uint64_t seq = 1; seq <= 4; ++seq) {
    next.relay(from(seq == 1 ? Author::bot : Author::agent, seq, "line " + std::to_string(seq), {}, "Ana"));
  }
  CHECK(next.dom.badge == "1");
  auto announcer = next.dom.find("aria-live", "polite");
  REQUIRE(announcer);
  CHECK(next.dom.text_of(*announcer).empty());
  // Something new while this page is open is news.
  next.relay(from(Author::agent, 5, "Still there?", {}, "Ana"));
  CHECK(next.dom.badge == "2");
  CHECK(next.dom.text_of(*announcer) == "New message from Ana");
  // Read here, read everywhere: a third page shows no badge.
  next.app.dispatch(action::Open{});
  CHECK(next.dom.badge.empty());
  next.app.dispatch(action::Close{});
  Tab third(storage);
  third.app.dispatch(action::SocketOpened{});
  third.relay(Welcome{"s_1", "K7P2QX", SessionState::live, "Ana", 5, {}});
  for (std::uint64_t seq = 1; seq <= 5; ++seq) third.relay(from(Author::agent, seq, "line", {}, "Ana"));
  CHECK(third.dom.badge.empty());
}

TEST_CASE("widget flow: a hidden tab is not reading: its title counts, and a chime sounds if the visitor chose one") {
  Tab tab;
  tab.open_and_connect();
  tab.app.dispatch(action::Visibility{false});
  tab.relay(from(Author::agent, 2, "Are you there?", {}, "Ana"));
  CHECK(tab.dom.page_unread == 1);
  CHECK(tab.platform.chimes == 0);  // off unless the visitor turns it on
  auto toggle = tab.dom.find("aria-label", "Sound and notifications for new messages");
  REQUIRE(toggle);
  CHECK(tab.dom.at(*toggle).attributes["aria-pressed"] == "false");
  tab.app.dom_event(*toggle, DomEvent::click);
  CHECK(tab.dom.at(*toggle).attributes["aria-pressed"] == "true");
  CHECK(tab.platform.chimes == 1);  // what it will sound like
  CHECK(tab.platform.storage()->at("baton.reading").find("\"sound\":true") != std::string::npos);
  tab.relay(from(Author::agent, 3, "Hello?", {}, "Ana"));
  CHECK(tab.platform.chimes == 2);
  // Turning it on asks for nothing to be shown; a message names its sender
  // (for the notification a hidden page shows), never its text.
  CHECK(tab.platform.chime_lines == std::vector<std::string>{"", "New message from Ana"});
  CHECK(tab.dom.page_unread == 2);
  // Shown again with the panel open: read, the title is the page's own again.
  tab.app.dispatch(action::Visibility{true});
  CHECK(tab.dom.page_unread == 0);
  CHECK(tab.dom.badge.empty());
  tab.relay(from(Author::agent, 4, "Great.", {}, "Ana"));
  CHECK(tab.platform.chimes == 2);
  // Another page of the site keeps the choice.
  Tab next(tab.platform.storage());
  CHECK(next.dom.at(*next.dom.find("aria-label", "Sound and notifications for new messages"))
            .attributes["aria-pressed"] == "true");
}

TEST_CASE("widget flow: a panel left open is open on the next page, without taking the focus") {
  auto storage = std::make_shared<std::map<std::string, std::string>>();
  {
    Tab page(storage);
    page.open_and_connect();
  }
  Tab next(storage);
  CHECK(next.app.model().open);
  CHECK(next.dom.launcher_label == "Close chat");
  CHECK(next.dom.focused == -1);
  CHECK(next.platform.sockets_opened == 1);
  next.click("Close chat");
  Tab third(storage);
  CHECK_FALSE(third.app.model().open);
  CHECK(third.dom.launcher_label == "Open chat");
}

TEST_CASE("widget flow: after an end the composer says who reads the next message") {
  Tab tab;
  tab.open_and_connect();
  auto input = tab.dom.find("aria-label", "Message");
  REQUIRE(input);
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "new conversation with the assistant"));
  tab.relay(StateChange{SessionState::live, "Ana", {}});
  tab.relay(StateChange{SessionState::ended, "Ana", {}});
  auto next = tab.dom.find_tag_with_text("p", "Write to start a new conversation with the assistant.");
  REQUIRE(next);
  CHECK(tab.dom.visible(*next));
  CHECK(tab.dom.at(*input).attributes["aria-describedby"] == tab.dom.at(*next).attributes["id"]);
  CHECK(tab.dom.at(*input).attributes["placeholder"] == "Start a new conversation…");
  // The relay starts it when the visitor writes: the line goes.
  tab.type_and_send("one more question");
  tab.relay(StateChange{SessionState::bot, "", {}});
  CHECK_FALSE(tab.dom.visible(*next));
  CHECK(tab.dom.at(*input).attributes["placeholder"] == "Type a message…");
  CHECK(tab.dom.at(*input).attributes.count("aria-describedby") == 0);
}

TEST_CASE("widget flow: the agent's picture is in the header while they have the chat, if it is a web URL") {
  Tab tab;
  tab.open_and_connect();
  CHECK_FALSE(tab.dom.find("class", "agent-photo"));
  tab.relay(StateChange{SessionState::live, "Ana", "https://shop.example/ana.jpg"});
  auto shown = tab.dom.find("class", "agent-photo");
  REQUIRE(shown);
  auto photo = *shown;
  CHECK(tab.dom.at(photo).attributes["src"] == "https://shop.example/ana.jpg");
  CHECK(tab.dom.at(photo).attributes["alt"].empty());  // the status line names her
  tab.relay(StateChange{SessionState::ended, "Ana", "https://shop.example/ana.jpg"});
  CHECK_FALSE(tab.dom.visible(photo));
  tab.relay(StateChange{SessionState::live, "Ben", "javascript:alert(1)"});
  CHECK_FALSE(tab.dom.visible(photo));
  CHECK(tab.dom.at(photo).attributes["src"] == "https://shop.example/ana.jpg");
}

TEST_CASE("widget flow: replayed history goes back to the place kept from the last page, news to the end") {
  Tab tab;
  tab.open_and_connect(3);
  tab.dom.scrolled.clear();
  tab.relay(from(Author::bot, 2, "history one"));
  tab.relay(from(Author::agent, 3, "history two", {}, "Ana"));
  CHECK(tab.dom.scrolled == std::vector<std::string>{"kept", "kept"});
  tab.relay(from(Author::agent, 4, "news", {}, "Ana"));
  CHECK(tab.dom.scrolled.back() == "end");
  tab.type_and_send("mine");
  CHECK(tab.dom.scrolled.back() == "end");
}

TEST_CASE("widget flow: after an end, Start a new chat asks the relay once, and says so if it cannot") {
  Tab tab;
  tab.open_and_connect();
  CHECK_FALSE(tab.dom.find_tag_with_text("button", "Start a new chat"));  // only once it has ended
  tab.relay(StateChange{SessionState::live, "Ana", {}});
  tab.relay(StateChange{SessionState::ended, "Ana", {}});
  auto button = tab.dom.find_tag_with_text("button", "Start a new chat");
  REQUIRE(button);
  tab.platform.calls.clear();
  tab.app.dom_event(*button, DomEvent::click);
  tab.app.dom_event(*button, DomEvent::click);  // a second click while the first is on its way
  REQUIRE(tab.platform.calls.size() == 1);
  CHECK(tab.platform.calls[0].method == "POST");
  CHECK(tab.platform.calls[0].path == "/v1/sessions/s_1/conversations");
  CHECK(tab.platform.calls[0].bearer == "tok");
  CHECK(tab.dom.at(*button).attributes.count("disabled") == 1);
  tab.answer(HttpPurpose::new_conversation, 503, R"({"error":{"code":"store_busy"}})");
  auto failed = tab.dom.find_tag_with_text("p", "A new chat could not be started. Please try again.");
  REQUIRE(failed);
  CHECK(tab.dom.visible(*failed));
  CHECK(tab.dom.at(*button).attributes.count("disabled") == 0);
  // Again, and this time the relay starts it: the stream brings the rest.
  tab.app.dom_event(*button, DomEvent::click);
  tab.answer(HttpPurpose::new_conversation, 200, R"({"state":"bot"})");
  CHECK_FALSE(tab.dom.visible(*failed));
  CHECK(tab.dom.focused == *tab.dom.find("aria-label", "Message"));
  tab.relay(StateChange{SessionState::bot, "", {}});
  CHECK_FALSE(tab.dom.visible(*button));
}

TEST_CASE("widget flow: End chat is there while a person has the chat, asks the relay once, and says so if it fails") {
  Tab tab;
  tab.open_and_connect();
  CHECK_FALSE(tab.dom.find_tag_with_text("button", "End chat"));  // with the assistant: nobody to leave
  tab.relay(StateChange{SessionState::waiting, "", {}});
  auto button = tab.dom.find_tag_with_text("button", "End chat");
  REQUIRE(button);
  tab.relay(StateChange{SessionState::live, "Ana", {}});
  tab.platform.calls.clear();
  tab.app.dom_event(*button, DomEvent::click);
  tab.app.dom_event(*button, DomEvent::click);  // a second click while the first is on its way
  REQUIRE(tab.platform.calls.size() == 1);
  CHECK(tab.platform.calls[0].method == "POST");
  CHECK(tab.platform.calls[0].path == "/v1/sessions/s_1/end");
  CHECK(tab.platform.calls[0].bearer == "tok");
  CHECK(tab.dom.at(*button).attributes.count("disabled") == 1);
  tab.answer(HttpPurpose::end_chat, 503, R"({"error":{"code":"store_busy"}})");
  auto failed = tab.dom.find_tag_with_text("p", "The chat could not be ended. Please try again.");
  REQUIRE(failed);
  CHECK(tab.dom.visible(*failed));
  tab.app.dom_event(*button, DomEvent::click);
  tab.answer(HttpPurpose::end_chat, 200, R"({"state":"ended"})");
  CHECK_FALSE(tab.dom.visible(*failed));
  // The stream brings the end; the button goes, Start a new chat comes.
  tab.relay(StateChange{SessionState::ended, "", {}});
  CHECK_FALSE(tab.dom.visible(*button));
  CHECK(tab.dom.visible(*tab.dom.find_tag_with_text("button", "Start a new chat")));
}

TEST_CASE("widget flow: the site hears open, close, messages and handoffs, and reset() forgets the chat") {
  auto storage = std::make_shared<std::map<std::string, std::string>>();
  Tab tab(storage);
  tab.app.dispatch(action::Identify{{"Ana Souza", "ana@example.com", ""}});
  tab.open_and_connect();
  REQUIRE_FALSE(tab.platform.notified.empty());
  CHECK(tab.platform.notified.front() == std::pair<std::string, std::string>{"open", "{}"});
  tab.relay(from(Author::bot, 1, "history"));  // replayed: not news
  tab.relay(from(Author::agent, 2, "Hi \"Ana\"", {}, "Ben"));
  CHECK(
      tab.platform.notified.back() ==
      std::pair<std::string, std::string>{"message", R"({"author":"agent","name":"Ben","text":"Hi \"Ana\"","seq":2})"});
  std::size_t messages = 0;
  for (const auto& [event, detail] : tab.platform.notified) messages += event == "message";
  CHECK(messages == 1);
  tab.type_and_send("my order is 4242");

  // Logout: closed, disconnected, and nothing of the chat or the person left.
  tab.app.dispatch(action::Reset{});
  CHECK(tab.platform.notified.back().first == "close");
  CHECK_FALSE(tab.app.model().open);
  CHECK_FALSE(tab.platform.socket_open);
  CHECK_FALSE(tab.app.model().stored.session);
  for (const auto& stored : *storage) {
    CHECK_MESSAGE(stored.second.find("4242") == std::string::npos, stored.first);
    CHECK_MESSAGE(stored.second.find("ana@example.com") == std::string::npos, stored.first);
    CHECK_MESSAGE(stored.second.find("s_1") == std::string::npos, stored.first);
  }
  // The next page starts closed, with no chat.
  Tab next(storage);
  CHECK_FALSE(next.app.model().open);
  CHECK(next.platform.sockets_opened == 0);
  // Opening makes a new chat.
  next.app.dispatch(action::Open{});
  CHECK(next.platform.calls.front().path == "/v1/sessions");
}

TEST_CASE("widget flow: each message says when, relative while recent, with the whole time on hover") {
  Tab tab;
  tab.open_and_connect();
  auto now = tab.platform.now;  // 2025-11-24T16:00:00Z
  auto at = [&](std::int64_t minutes_ago, std::uint64_t seq, std::string text) {
    auto m = from(Author::agent, seq, std::move(text), {}, "Ana");
    m.ts_ms = now - minutes_ago * 60'000;
    tab.relay(m);
  };
  at(0, 2, "just now");
  at(5, 3, "five minutes ago");
  at(3 * 60, 4, "this morning");
  at(3 * 24 * 60, 5, "days ago");
  auto times = tab.dom.all_with_tag("time");
  REQUIRE(times.size() == 4);
  CHECK(tab.dom.text_of(times[0]) == "en:-0min");
  CHECK(tab.dom.text_of(times[1]) == "en:-5min");
  CHECK(tab.dom.text_of(times[2]) == "en:" + format_rfc3339(now - 3 * 3'600'000).substr(11, 5));
  CHECK(tab.dom.text_of(times[3]).starts_with("en:"));
  CHECK(tab.dom.at(times[3]).attributes["title"].starts_with("en:full:"));
  CHECK(tab.dom.at(times[0]).attributes["datetime"] == format_rfc3339(now));
  // A minute later the clock ticks, and "now" has aged.
  tab.platform.now = now + 60'000;
  tab.app.dispatch(action::Timer{TimerKind::clock});
  times = tab.dom.all_with_tag("time");
  bool aged = false;
  for (auto node : times) aged = aged || tab.dom.text_of(node) == "en:-1min";
  CHECK(aged);
  CHECK(tab.platform.timers.back() == std::pair<TimerKind, std::int64_t>{TimerKind::clock, 60'000});
}

TEST_CASE("widget flow: the site's title, logo and reply time in the header, only when usable") {
  CHECK(Branding::from("  Pedal & Co.  ", "", "").title == "Pedal & Co.");
  CHECK(Branding::from("", "javascript:alert(1)", "").logo.empty());
  CHECK(Branding::from("", "https://shop.example/logo\" onerror=\"x.svg", "").logo.empty());
  CHECK(Branding::from("", "data:image/svg+xml,<svg/>", "").logo.empty());
  CHECK(Branding::from("", "https://shop.example/logo.svg", "").logo == "https://shop.example/logo.svg");
  CHECK(Branding::from(std::string(100, 'x'), "", "").title.size() == 60);
  CHECK(Branding::from(std::string("\xff\xfe"), "", "").title.empty());

  FakeDom dom;
  FakePlatform platform;
  WidgetApp app(platform, dom);
  PageInfo page{"https://shop.example/", "Shop", "", "en-US", "Europe/Lisbon", "UA", {"en-US"}, {}};
  app.start(page, "en",
            Branding::from("Pedal & Co.", "https://shop.example/logo.svg", "Usually replies within an hour"));
  auto title = dom.find_tag_with_text("h2", "Pedal & Co.");
  REQUIRE(title);
  CHECK(dom.find("aria-label", "Pedal & Co."));  // the dialog is named by it too
  auto logo = dom.all_with_tag("img");
  REQUIRE_FALSE(logo.empty());
  CHECK(dom.at(logo[0]).attributes["src"] == "https://shop.example/logo.svg");
  CHECK(dom.at(logo[0]).attributes["alt"].empty());  // the title beside it says it all
  CHECK(dom.find_tag_with_text("p", "Usually replies within an hour"));
  // With a person on the chat, the promise gives way to who is there.
  app.dispatch(action::SocketData{encode_binary(ServerFrame{StateChange{SessionState::live, "Ana", {}}})});
  CHECK_FALSE(dom.find_tag_with_text("p", "Usually replies within an hour"));
  CHECK(dom.find_tag_with_text("p", "Ana is here"));
}

TEST_CASE("widget flow: a reaction shows on the message it reacts to, not as a line of its own") {
  Tab tab;
  tab.open_and_connect();
  tab.type_and_send("Thanks!");
  auto cid = std::get<SendText>(tab.frames_sent().back()).cid;
  tab.relay(from(Author::visitor, 2, "Thanks!", cid));
  // Ana's reaction to the visitor's message ("" takes it back).
  auto react = [&](std::uint64_t seq, std::string emoji) {
    auto reaction = from(Author::agent, seq, std::move(emoji), {}, "Ana");
    reaction.kind = MessageKind::reaction;
    reaction.about = "m_2";
    tab.relay(reaction);
  };
  react(3, "👍");
  auto log = tab.dom.find("role", "log");
  REQUIRE(log);
  auto badge = tab.dom.find("aria-label", "Reaction: 👍");
  REQUIRE(badge);
  CHECK(tab.dom.text_of(*badge) == "👍");
  std::size_t items = 0;
  for (auto node : tab.dom.all_with_tag("li")) items += tab.dom.visible(node) ? 1U : 0U;
  CHECK(items == 1);  // only the visitor's message
  // With the panel closed, a screen reader hears who reacted, and how.
  tab.click("Close chat");
  react(4, "❤️");
  auto announcer = tab.dom.find("aria-live", "polite");
  REQUIRE(announcer);
  CHECK(tab.dom.text_of(*announcer) == "Ana reacted ❤️");
  CHECK(tab.dom.badge.empty());  // a reaction is not a message to read
  tab.app.dispatch(action::Open{});
  // Taken back: the badge goes.
  react(5, "");
  CHECK_FALSE(tab.dom.find("aria-label", "Reaction: ❤️"));
}

TEST_CASE("widget flow: an agent's edit changes the line in place, and a deletion leaves only a mark") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(from(Author::agent, 2, "The parcel left on Monday", {}, "Ana"));
  REQUIRE(tab.dom.find_tag_with_text("p", "The parcel left on Monday"));
  auto change = [&](std::uint64_t seq, MessageKind kind, std::string text) {
    auto revision = from(Author::agent, seq, std::move(text), {}, "Ana");
    revision.kind = kind;
    revision.about = "m_2";
    tab.relay(revision);
  };
  tab.click("Close chat");
  change(3, MessageKind::edit, "The parcel left on Tuesday");
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "The parcel left on Monday"));
  CHECK(tab.dom.find_tag_with_text("p", "The parcel left on Tuesday"));
  CHECK(tab.dom.find_tag_with_text("span", "edited"));
  CHECK(tab.dom.badge.empty());  // a change is not a new message to read
  std::size_t items = 0;
  for (auto node : tab.dom.all_with_tag("li")) items += tab.dom.visible(node) ? 1U : 0U;
  CHECK(items == 1);
  tab.app.dispatch(action::Open{});
  change(4, MessageKind::deleted, "");
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "The parcel left on Tuesday"));
  CHECK(tab.dom.find_tag_with_text("p", "This message was deleted."));
  CHECK_FALSE(tab.dom.find_tag_with_text("span", "edited"));
  // A late edit of a deleted message, or one about a line not shown, changes nothing.
  change(5, MessageKind::edit, "back again");
  auto stray = from(Author::agent, 6, "about nothing here", {}, "Ana");
  stray.kind = MessageKind::edit;
  stray.about = "m_unknown";
  tab.relay(stray);
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "back again"));
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "about nothing here"));
  CHECK(tab.dom.find_tag_with_text("p", "This message was deleted."));
}

TEST_CASE("widget flow: contacts shared from WhatsApp are a card with numbers to call") {
  Tab tab;
  tab.open_and_connect();
  auto shared = from(Author::agent, 2,
                     "👤 Contacto compartido: Max Mustermann · +49 30 1234567\nErika\n+33 1 23 45 67 89", {}, "Ana");
  shared.kind = MessageKind::contacts;
  tab.relay(shared);
  // The widget heads the card in its own words, whatever the relay's label.
  CHECK(tab.dom.find_tag_with_text("p", "Shared contact"));
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "Contacto compartido"));
  CHECK(tab.dom.find_tag_with_text("span", "Max Mustermann"));
  CHECK(tab.dom.find_tag_with_text("span", "Erika"));
  auto max = tab.dom.find("href", "tel:+49301234567");
  REQUIRE(max);
  CHECK(tab.dom.text_of(*max) == "+49 30 1234567");
  CHECK(tab.dom.find("href", "tel:+33123456789"));
}

TEST_CASE("widget flow: a shared place is its name and a link that opens the map") {
  using baton::client::shared_place;
  auto place = shared_place("📍 Alexanderplatz, Alexanderplatz 1 https://www.openstreetmap.org/?mlat=52.5&mlon=13.4");
  CHECK(place.where == "Alexanderplatz, Alexanderplatz 1");
  CHECK(place.map == "https://www.openstreetmap.org/?mlat=52.5&mlon=13.4");
  CHECK(shared_place("📍 https://www.openstreetmap.org/?mlat=1&mlon=2").where.empty());
  auto unlinked = shared_place("📍 Somewhere without coordinates");
  CHECK(unlinked.where == "Somewhere without coordinates");
  CHECK(unlinked.map.empty());

  Tab tab;
  tab.open_and_connect();
  auto shared = from(Author::agent, 2, "📍 Our workshop https://www.openstreetmap.org/?mlat=38.7&mlon=-9.1", {}, "Ana");
  shared.kind = MessageKind::location;
  tab.relay(shared);
  CHECK(tab.dom.find_tag_with_text("p", "Our workshop"));
  auto map = tab.dom.find("href", "https://www.openstreetmap.org/?mlat=38.7&mlon=-9.1");
  REQUIRE(map);
  CHECK(tab.dom.text_of(*map) == "Open the map");
  CHECK(tab.dom.at(*map).attributes["rel"] == "noopener noreferrer");
}

TEST_CASE("widget flow: a contact line is read into a name and a number") {
  using baton::client::shared_contacts;
  auto people = shared_contacts("👤 Shared contact: Ana · +1 555 0100\nBen\n+44 20 7946 0000\n\nDr. Who · ");
  REQUIRE(people.size() == 4);
  CHECK(people[0].name == "Ana");
  CHECK(people[0].phone == "+1 555 0100");
  CHECK(people[1].name == "Ben");
  CHECK(people[1].phone.empty());
  CHECK(people[2].name.empty());
  CHECK(people[2].phone == "+44 20 7946 0000");
  CHECK(people[3].name == "Dr. Who");
  CHECK(shared_contacts("👤 Shared contact").empty());  // a label alone: nobody
  CHECK(baton::client::tel_link("(030) 12-34") == "tel:0301234");
  CHECK(baton::client::tel_link("call me").empty());
}

TEST_CASE("widget flow: Arabic is right to left, with Arabic names") {
  Tab tab(nullptr, "ar");
  CHECK(tab.dom.at(tab.dom.root()).attributes.at("dir") == "rtl");
  CHECK(tab.dom.at(tab.dom.root()).attributes.at("lang") == "ar");
  CHECK(tab.dom.launcher_label == "فتح المحادثة");
  tab.app.dispatch(action::Open{});
  CHECK(tab.dom.find("aria-label", "رسالة"));
}

TEST_CASE("widget flow: a session the relay no longer knows is replaced") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(ErrorFrame{"invalid_token", "the session id and token do not match", ""});
  CHECK_FALSE(tab.app.model().stored.session);
  CHECK(tab.platform.calls.back().path == "/v1/sessions");
}

TEST_CASE("widget flow: a message refused because its chat is gone starts a new chat, and goes there") {
  Tab tab;
  tab.open_and_connect();
  tab.type_and_send("still there?");
  REQUIRE(tab.texts_sent() == std::vector<std::string>{"still there?"});
  auto cid = std::get<SendText>(tab.frames_sent().back()).cid;
  tab.relay(ErrorFrame{"session_not_found", "no such session", cid});
  CHECK_FALSE(tab.app.model().stored.session);
  REQUIRE(tab.platform.calls.back().path == "/v1/sessions");
  tab.answer(HttpPurpose::create_session, 201, R"({"session_id":"s_2","token":"tok2","code":"Q2W3E4"})");
  tab.app.dispatch(action::SocketOpened{});
  tab.relay(Welcome{"s_2", "Q2W3E4", SessionState::bot, "", 1, {}});
  CHECK(tab.texts_sent() == std::vector<std::string>{"still there?", "still there?"});
}

TEST_CASE("widget flow: the composer refuses what the relay would refuse") {
  Tab tab;
  tab.open_and_connect();
  tab.type_and_send(std::string(4001, 'x'));
  CHECK(tab.dom.find_tag_with_text("p", "too long"));
  CHECK(tab.texts_sent().empty());
  tab.type_and_send("   ");
  CHECK(tab.texts_sent().empty());
}

TEST_CASE("widget flow: the assistant types, its words stream in, and the stored answer replaces them") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(from(Author::bot, 1, "Hi!", {}, "Assistant"));
  auto log = tab.dom.find("role", "log");
  REQUIRE(log);
  tab.relay(AssistantDraft{"m_2", AssistantDraft::Phase::typing, 0, {}});
  auto draft = tab.dom.find("class", "entry bot draft");
  REQUIRE(draft);
  CHECK(tab.dom.at(*draft).attributes["aria-hidden"] == "true");  // tokens are not read out one by one
  CHECK(tab.dom.find("class", "dot"));
  tab.relay(AssistantDraft{"m_2", AssistantDraft::Phase::text, 0, "We ship "});
  tab.relay(AssistantDraft{"m_2", AssistantDraft::Phase::text, 8, "to Portugal"});
  tab.relay(AssistantDraft{"m_2", AssistantDraft::Phase::text, 8, "to Portugal"});  // again, after a reconnect
  tab.relay(AssistantDraft{"m_2", AssistantDraft::Phase::text, 40, "gap"});         // never glued on
  CHECK(tab.dom.text_of(*draft).find("We ship to Portugal") != std::string::npos);
  CHECK(tab.dom.text_of(*draft).find("Portugalto") == std::string::npos);
  CHECK(tab.dom.text_of(*draft).find("gap") == std::string::npos);
  tab.relay(AssistantDraft{"m_2", AssistantDraft::Phase::ended, 0, {}});
  tab.relay(from(Author::bot, 3, "We ship to Portugal in 3 days.", {}, "Assistant"));
  CHECK_FALSE(tab.dom.visible(*draft));
  CHECK(tab.dom.text_of(*log).find("We ship to Portugal in 3 days.") != std::string::npos);
}

TEST_CASE("widget flow: an offer of a person opens the options when it arrives, not when it is history") {
  Message offer = from(Author::bot, 3, "Would you like to talk to a person?", {}, "Assistant");
  offer.kind = MessageKind::handoff_offer;
  {
    Tab tab;
    tab.open_and_connect(2);
    tab.relay(offer);
    CHECK(tab.app.model().panel == Panel::options);
    CHECK(tab.dom.find_tag_with_text("button", "Wait for live chat"));
  }
  {
    Tab tab;
    tab.open_and_connect(3);  // the offer is already in the log: a reload must not reopen it
    tab.relay(offer);
    CHECK(tab.app.model().panel == Panel::chat);
  }
}

TEST_CASE("widget flow: a draft ends when a person is asked for, and survives the list starting over") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(from(Author::bot, 1, "Hi!", {}, "Assistant"));
  tab.relay(AssistantDraft{"m_2", AssistantDraft::Phase::text, 0, "Let me"});
  REQUIRE(tab.dom.find("class", "entry bot draft"));
  tab.relay(StateChange{SessionState::waiting, "Ana", {}});
  CHECK_FALSE(tab.dom.find("class", "entry bot draft"));
  tab.relay(AssistantDraft{"m_2", AssistantDraft::Phase::text, 6, " check"});  // late: ignored
  CHECK_FALSE(tab.dom.find("class", "entry bot draft"));

  // The relay no longer knows the session: the list is rebuilt, and a new
  // draft gets a node of its own (the old handle was freed with the list).
  Tab other;
  other.open_and_connect();
  other.relay(from(Author::bot, 1, "Hi!", {}, "Assistant"));
  other.relay(AssistantDraft{"m_2", AssistantDraft::Phase::text, 0, "Typing"});
  other.relay(ErrorFrame{"invalid_token", "unknown session", ""});
  other.answer(HttpPurpose::create_session, 201, R"({"session_id":"s_2","token":"tok2","code":"ABC234"})");
  other.app.dispatch(action::SocketOpened{});
  other.relay(Welcome{"s_2", "ABC234", SessionState::bot, "", 1, {}});
  other.relay(from(Author::bot, 1, "Hello again", {}, "Assistant"));
  other.relay(AssistantDraft{"m_9", AssistantDraft::Phase::text, 0, "Fresh draft"});
  auto draft = other.dom.find("class", "entry bot draft");
  REQUIRE(draft);
  CHECK(other.dom.text_of(*draft).find("Fresh draft") != std::string::npos);
  auto log = other.dom.find("role", "log");
  REQUIRE(log);
  CHECK(other.dom.text_of(*log).find("Hello again") != std::string::npos);
}

TEST_CASE("widget flow: availability pushed by the relay updates the open options at once") {
  Tab tab;
  tab.open_and_connect();
  tab.click("Talk to a live agent");
  tab.answer(HttpPurpose::availability, 200,
             R"({"online":true,"agents_online":2,"next_open":null,"options":["live"]})");
  CHECK(tab.dom.find_tag_with_text("p", "2 online now"));
  tab.relay(AvailabilityChange{false, 0, 0, {}});
  CHECK(tab.dom.find_tag_with_text("p", "No one is online right now"));
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "2 online now"));
  tab.relay(AvailabilityChange{false, 0, 0, {HandoffMode::live}});
  CHECK(tab.dom.find_tag_with_text("p", "An agent will be told"));
}

TEST_CASE("widget flow: nobody online, the visitor leaves a message with an address and asks for a copy") {
  Tab tab;
  tab.open_and_connect();
  tab.click("Talk to a live agent");
  tab.answer(HttpPurpose::availability, 200,
             R"({"online":false,"agents_online":0,"next_open":null,"options":["email"]})");
  CHECK(tab.dom.find_tag_with_text("p", "No one is online right now"));
  tab.click("Leave a message");
  auto form = tab.dom.find("class", "handoff-form");
  REQUIRE(form);
  auto in_form = [&](client::Node node) {
    for (auto n = node; n != -1; n = tab.dom.at(n).parent) {
      if (n == *form) return true;
    }
    return false;
  };
  std::vector<client::Node> message;
  for (auto node : tab.dom.all_with_tag("textarea")) {
    if (in_form(node) && tab.dom.visible(node)) message.push_back(node);
  }
  REQUIRE(message.size() == 1);
  tab.dom.set_value(message[0], "Can you call me tomorrow?");
  auto boxes = tab.visible_checkboxes();
  REQUIRE(boxes.size() == 2);  // a copy for me, and consent
  for (auto box : boxes) tab.dom.set_checked(box, true);
  std::size_t calls_before = tab.platform.calls.size();
  tab.app.dom_event(*form, DomEvent::submit);
  CHECK(tab.dom.find_tag_with_text("p", "e-mail address is needed"));
  CHECK(tab.platform.calls.size() == calls_before);
  tab.dom.set_value(*tab.dom.find("autocomplete", "email"), "marta@example.com");
  tab.app.dom_event(*form, DomEvent::submit);
  REQUIRE(tab.platform.calls.size() == calls_before + 1);
  const auto& body = tab.platform.calls.back().body;
  CHECK(body.find("\"mode\":\"email\"") != std::string::npos);
  CHECK(body.find("\"message\":\"Can you call me tomorrow?\"") != std::string::npos);
  CHECK(body.find("\"copy\":true") != std::string::npos);
  CHECK(body.find("\"email\":\"marta@example.com\"") != std::string::npos);
}

TEST_CASE("widget flow: waiting too long for an agent opens the other ways") {
  Tab tab;
  tab.open_and_connect(1);
  tab.relay(StateChange{SessionState::waiting, "Ana", {}});
  Message offer = from(Author::bot, 2, "Sorry, nobody has been able to take your chat yet.", {}, "Assistant");
  offer.kind = MessageKind::handoff_offer;
  tab.relay(offer);
  CHECK(tab.app.model().panel == Panel::options);
}

TEST_CASE("widget flow: while waiting, the header says how many are ahead and the usual wait") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(StateChange{SessionState::waiting, "Ana", {}});
  tab.relay(QueueUpdate{2, 150});
  CHECK(tab.dom.find_tag_with_text("p", "Waiting for Ana… · 2 ahead of you · usually about 3 min"));
  tab.relay(QueueUpdate{0, 0});
  CHECK(tab.dom.find_tag_with_text("p", "Waiting for Ana… · you're next"));
  tab.relay(StateChange{SessionState::live, "Ana", {}});
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "you're next"));
}

TEST_CASE("widget flow: Continue on WhatsApp shows the link and QR code, then says when WhatsApp joined") {
  Tab tab;
  tab.open_and_connect();
  tab.click("Talk to a live agent");
  tab.answer(HttpPurpose::availability, 200,
             R"({"online":true,"agents_online":1,"next_open":null,"options":["live","whatsapp","callback"]})");
  tab.click("Continue on WhatsApp");
  auto form = tab.dom.find("class", "handoff-form");
  REQUIRE(form);
  tab.dom.set_value(*tab.dom.find("autocomplete", "tel"), "+351 912 345 678");
  for (auto box : tab.visible_checkboxes()) tab.dom.set_checked(box, true);
  tab.app.dom_event(*form, DomEvent::submit);
  const auto& call = tab.platform.calls.back();
  CHECK(call.path == "/v1/sessions/s_1/handoff");
  CHECK(call.body.find(R"("mode":"whatsapp")") != std::string::npos);
  CHECK(call.body.find(R"("phone":"+351912345678")") != std::string::npos);

  tab.answer(
      HttpPurpose::handoff, 200,
      R"({"mode":"whatsapp","state":"waiting","code":"K7P2QX","agent":"Ana","whatsapp":{"phone":"+351912345678",)"
      R"("link":"https://wa.me/15550001234?text=Chat%20%23K7P2QX","qr":"data:image/svg+xml;base64,PHN2Zz4=",)"
      R"("joined":false}})");
  CHECK(tab.dom.find_tag_with_text("p", "We sent a WhatsApp message to +351912345678"));
  auto link = tab.dom.find_tag_with_text("a", "Open WhatsApp");
  REQUIRE(link);
  CHECK(tab.dom.at(*link).attributes["href"] == "https://wa.me/15550001234?text=Chat%20%23K7P2QX");
  auto qr = tab.dom.find("src", "data:image/svg+xml;base64,PHN2Zz4=");
  REQUIRE(qr);
  CHECK(!tab.dom.at(*qr).attributes["alt"].empty());
  CHECK_FALSE(tab.dom.find_tag_with_text("button", "Cancel the call"));

  // The relay says the visitor's WhatsApp joined: the card is refreshed.
  Message joined = from(Author::system, 3, "Your WhatsApp (+351912345678) joined this chat.");
  joined.kind = MessageKind::notice;
  tab.relay(joined);
  CHECK(tab.platform.calls.back().purpose == HttpPurpose::handoff_state);
  CHECK(tab.platform.calls.back().bearer == "tok");
  tab.answer(HttpPurpose::handoff_state, 200,
             R"({"mode":"whatsapp","state":"live","code":"K7P2QX","agent":"Ana","whatsapp":{"phone":"+351912345678",)"
             R"("link":"https://wa.me/15550001234?text=Chat%20%23K7P2QX","qr":"data:image/svg+xml;base64,PHN2Zz4=",)"
             R"("joined":true}})");
  CHECK(tab.dom.find_tag_with_text("p", "You're connected on WhatsApp"));
  CHECK_FALSE(tab.dom.find("src", "data:image/svg+xml;base64,PHN2Zz4="));
  // Ended: the card goes.
  tab.relay(StateChange{SessionState::ended, "Ana", {}});
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "You're connected on WhatsApp"));
}

TEST_CASE("widget flow: a call's time in the relay's notice is said again in the visitor's language") {
  Tab tab(nullptr, "de");
  tab.open_and_connect();
  std::string when = "Fri 23 Oct 2026, 10:00-10:30 (Europe/Berlin)";
  Message booked = from(Author::system, 3,
                        "Ihr Rückruf ist gebucht: Ana ruft +4915112345678 am " + when + " an. Referenz #K7P2QX.");
  booked.kind = MessageKind::notice;
  auto at = static_cast<std::uint32_t>(booked.text.find(when));
  booked.time = TimeInText{1'792'742'400'000, 1'792'744'200'000, at, static_cast<std::uint32_t>(when.size())};
  tab.relay(booked);
  // The test's clock words it as language:UTC time.
  CHECK(tab.dom.find_tag_with_text(
      "li", "Ihr Rückruf ist gebucht: Ana ruft +4915112345678 am de:2026-10-23T08:00–de:08:30 an. Referenz #K7P2QX."));
  // A span that does not fit the text leaves the text as the relay wrote it.
  Message odd = from(Author::system, 4, "Sie haben den Rückruf am Fri 23 Oct abgesagt.");
  odd.kind = MessageKind::notice;
  odd.time = TimeInText{1'792'742'400'000, 1'792'744'200'000, 40, 4'294'967'295U};
  tab.relay(odd);
  CHECK(tab.dom.find_tag_with_text("li", "Sie haben den Rückruf am Fri 23 Oct abgesagt."));
}

TEST_CASE("widget flow: after the agent ends the chat, a rating of 1 to 5 with a comment, asked until answered") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(StateChange{SessionState::live, "Ana", {}});
  Message survey = from(Author::system, 3, "How was your chat with Ana? Rate it from 1 (poor) to 5 (excellent).", {},
                        "Ana");
  survey.kind = MessageKind::survey;
  tab.relay(survey);  // the relay sends it, then the end
  tab.relay(StateChange{SessionState::ended, "Ana", {}});
  auto group = tab.dom.find("aria-label", "Rate this chat");
  REQUIRE(group);
  CHECK(tab.dom.visible(*group));
  CHECK(tab.dom.find_tag_with_text("li", "How was your chat with Ana? Rate it from 1 (poor) to 5 (excellent)."));
  auto comment = tab.dom.find("aria-label", "Anything to add? (optional)");
  REQUIRE(comment);
  tab.dom.set_value(*comment, "Quick and \"kind\"");
  tab.click("4 of 5");
  REQUIRE_FALSE(tab.platform.calls.empty());
  const auto& call = tab.platform.calls.back();
  CHECK(call.purpose == HttpPurpose::rate);
  CHECK(call.path == "/v1/sessions/s_1/ratings");
  CHECK(call.body == R"({"survey":"m_3","score":4,"comment":"Quick and \"kind\""})");
  // One answer at a time: a second click waits for the first.
  auto calls = tab.platform.calls.size();
  tab.click("5 of 5");
  CHECK(tab.platform.calls.size() == calls);
  // A failure keeps the question; the relay's thanks (about the survey) puts it away.
  tab.answer(HttpPurpose::rate, 503, "{}");
  CHECK(tab.dom.visible(*group));
  Message thanks = from(Author::system, 4, "Thank you for your rating.");
  thanks.kind = MessageKind::notice;
  thanks.about = "m_3";
  tab.relay(thanks);
  CHECK_FALSE(tab.dom.visible(*group));
  // Unanswered, it goes with the next conversation, and a later end without
  // an agent (a message left by e-mail) does not bring it back.
  Message another = survey;
  another.id = "m_5";
  another.seq = 5;
  tab.relay(another);
  CHECK(tab.dom.visible(*group));
  tab.relay(StateChange{SessionState::bot, "", {}});
  CHECK_FALSE(tab.dom.visible(*group));
  tab.relay(StateChange{SessionState::ended, "", {}});
  CHECK_FALSE(tab.dom.visible(*group));
}

TEST_CASE("widget flow: only the relay's own kinds of link and image are used") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(Welcome{"s_1", "K7P2QX", SessionState::waiting, "Ana", 1, {}});
  CHECK(tab.platform.calls.back().path == "/v1/sessions/s_1/handoff");
  tab.answer(HttpPurpose::handoff_state, 200,
             R"x({"mode":"whatsapp","state":"waiting","code":"K7P2QX","agent":"Ana","whatsapp":{"phone":"+1",)x"
             R"x("link":"javascript:alert(1)","qr":"data:text/html;base64,PHNjcmlwdD4=","joined":false}})x");
  CHECK_FALSE(tab.dom.find("href", "javascript:alert(1)"));
  CHECK_FALSE(tab.dom.find("src", "data:text/html;base64,PHNjcmlwdD4="));
  CHECK_FALSE(tab.dom.find_tag_with_text("a", "Open WhatsApp"));
}

TEST_CASE("widget flow: Schedule a call offers the free times in the visitor's zone, books one, and can cancel it") {
  Tab tab;
  tab.open_and_connect();
  tab.click("Talk to a live agent");
  tab.answer(HttpPurpose::availability, 200,
             R"({"online":false,"agents_online":0,"next_open":null,"options":["callback"]})");
  tab.click("Schedule a call");
  REQUIRE(tab.platform.calls.back().path == "/v1/availability/slots?days=7");
  auto select = tab.dom.all_with_tag("select");
  REQUIRE(select.size() == 2);  // the day, then the time
  CHECK(tab.dom.find_tag_with_text("option", "Finding free times"));
  tab.answer(HttpPurpose::slots, 200,
             R"({"slots":[{"start":"2026-11-27T14:00:00.000Z","end":"2026-11-27T14:30:00.000Z"},)"
             R"({"start":"2026-11-27T14:30:00.000Z","end":"2026-11-27T15:00:00.000Z"},)"
             R"({"start":"2026-11-28T09:00:00.000Z","end":"2026-11-28T09:30:00.000Z"}]})");
  // The day first, then its times; labels come from the platform's local
  // time (here "en:" and UTC).
  select = tab.dom.all_with_tag("select");
  REQUIRE(select.size() == 2);
  auto day = select[0];
  CHECK(tab.dom.value(day) == "en:2026-11-27");
  CHECK(tab.dom.find_tag_with_text("option", "en:2026-11-28"));
  REQUIRE(tab.dom.find_tag_with_text("option", "en:14:30"));
  CHECK_FALSE(tab.dom.find_tag_with_text("option", "en:09:00"));
  tab.dom.set_value(day, "en:2026-11-28");
  tab.app.dom_event(day, DomEvent::input);
  CHECK(tab.dom.find_tag_with_text("option", "en:09:00"));
  CHECK_FALSE(tab.dom.find_tag_with_text("option", "en:14:30"));
  tab.dom.set_value(day, "en:2026-11-27");
  tab.app.dom_event(day, DomEvent::input);
  select = {select[1]};
  auto form = tab.dom.find("class", "handoff-form");
  tab.dom.set_value(*tab.dom.find("autocomplete", "tel"), "+4915112345678");
  for (auto box : tab.visible_checkboxes()) tab.dom.set_checked(box, true);
  auto calls_before = tab.platform.calls.size();
  tab.app.dom_event(*form, DomEvent::submit);
  CHECK(tab.dom.find_tag_with_text("p", "Choose a time for the call."));
  CHECK(tab.platform.calls.size() == calls_before);
  tab.dom.set_value(select[0], "2026-11-27T14:30:00.000Z");
  tab.app.dom_event(*form, DomEvent::submit);
  REQUIRE(tab.platform.calls.size() == calls_before + 1);
  CHECK(tab.platform.calls.back().body.find(R"("slot":"2026-11-27T14:30:00.000Z")") != std::string::npos);
  CHECK(tab.platform.calls.back().body.find(R"("mode":"callback")") != std::string::npos);

  tab.answer(
      HttpPurpose::handoff, 200,
      R"({"mode":"callback","state":"ended","code":"K7P2QX","agent":"Ana","call":{"start":"2026-11-27T14:30:00.000Z",)"
      R"("end":"2026-11-27T15:00:00.000Z","phone":"+4915112345678","ics":"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}})");
  CHECK(tab.dom.find_tag_with_text("p", "We will call +4915112345678 on en:2026-11-27T14:30–en:15:00."));
  auto calendar = tab.dom.find_tag_with_text("a", "Add to calendar");
  REQUIRE(calendar);
  CHECK(tab.dom.at(*calendar).attributes["href"] ==
        "data:text/calendar;charset=utf-8,BEGIN:VCALENDAR%0D%0AEND:VCALENDAR%0D%0A");
  CHECK(tab.dom.at(*calendar).attributes["download"] == "call.ics");
  // Until the call, what the visitor writes goes to the agent who will call.
  CHECK(tab.dom.find_tag_with_text("p", "What you write here reaches Ana before the call."));
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "new conversation"));

  // Cancelling is asked first; the safe answer has the focus.
  auto calls_before_cancel = tab.platform.calls.size();
  tab.click("Cancel the call");
  CHECK(tab.dom.find_tag_with_text("p", "Cancel the call on en:2026-11-27T14:30–en:15:00?"));
  auto keep = tab.dom.find_tag_with_text("button", "Keep the call");
  REQUIRE(keep);
  CHECK(tab.dom.focused == *keep);
  tab.click("Keep the call");
  CHECK(tab.platform.calls.size() == calls_before_cancel);
  CHECK(tab.dom.find_tag_with_text("button", "Cancel the call"));
  tab.click("Cancel the call");
  tab.click("Yes, cancel it");
  CHECK(tab.platform.calls.back().method == "DELETE");
  CHECK(tab.platform.calls.back().path == "/v1/sessions/s_1/call");
  tab.answer(HttpPurpose::cancel_call, 503, R"({"error":{"code":"storage_unavailable","message":"x"}})");
  CHECK(tab.dom.find_tag_with_text("p", "could not be cancelled"));
  tab.click("Cancel the call");
  tab.click("Yes, cancel it");
  tab.answer(HttpPurpose::cancel_call, 200, R"({"mode":"live","state":"bot","code":"K7P2QX","agent":null})");
  CHECK_FALSE(tab.dom.find_tag_with_text("h3", "Call booked"));
  CHECK(tab.app.model().state == SessionState::bot);
}

TEST_CASE("widget flow: the relay's rate limit is said kindly, and the message goes once it allows") {
  Tab tab;
  tab.open_and_connect();
  tab.type_and_send("one more");
  auto cid = std::get<SendText>(tab.frames_sent().back()).cid;
  tab.relay(ErrorFrame{"rate_limited", "too many messages in a short time; try again in 3 seconds", cid});
  CHECK(tab.dom.find_tag_with_text("p", "You're sending messages quickly"));
  CHECK_FALSE(tab.dom.find("aria-label", "Not delivered"));
  CHECK(tab.platform.storage()->at("baton.outbox").find("one more") != std::string::npos);
  CHECK(tab.platform.timers.back().first == TimerKind::resend);
  tab.app.dispatch(action::Timer{TimerKind::resend});
  tab.relay(Ack{cid, "m_2", 2});
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "You're sending messages quickly"));
  CHECK(tab.texts_sent() == std::vector<std::string>{"one more", "one more"});
}

TEST_CASE("widget flow: a visitor deletes their conversation, confirmed, and nothing of it stays in the browser") {
  auto storage = std::make_shared<std::map<std::string, std::string>>();
  Tab tab(storage);
  Tab other(storage);
  tab.app.dispatch(action::Identify{{"Ana Souza", "ana@example.com", ""}});
  tab.open_and_connect();
  other.open_and_connect();
  tab.type_and_send("my address is 12 Rua Alegre");

  // Asking shows the question, with the safe answer focused; keeping it
  // changes nothing.
  tab.click("Delete this conversation");
  CHECK(tab.dom.find_tag_with_text("p", "This cannot be undone"));
  auto keep = tab.dom.find_tag_with_text("button", "Keep it");
  REQUIRE(keep);
  CHECK(tab.dom.focused == *keep);
  tab.click("Keep it");
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "This cannot be undone"));
  std::size_t calls_before = tab.platform.calls.size();

  // A failure says so and keeps everything.
  tab.click("Delete this conversation");
  tab.click("Delete");
  REQUIRE(tab.platform.calls.size() == calls_before + 1);
  CHECK(tab.platform.calls.back().method == "DELETE");
  CHECK(tab.platform.calls.back().path == "/v1/sessions/s_1");
  CHECK(tab.platform.calls.back().bearer == "tok");
  tab.answer(HttpPurpose::delete_session, 503, R"({"error":{"code":"storage_unavailable"}})");
  CHECK(tab.dom.find_tag_with_text("p", "could not be deleted"));
  CHECK(tab.app.model().stored.session.has_value());

  tab.click("Delete");
  tab.answer(HttpPurpose::delete_session, 204, "");
  CHECK(tab.dom.find_tag_with_text("p", "Your conversation was deleted."));
  // The open panel gets a new, empty chat at once, as when it opens.
  CHECK(tab.platform.calls.back().purpose == HttpPurpose::create_session);
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "my address is"));
  CHECK_FALSE(tab.platform.socket_open);
  // Not a structured binding: doctest's macros capture it in a lambda,
  // which clang 14 refuses.
  for (const auto& entry : *storage) {
    CHECK_MESSAGE(entry.second.find("Ana") == std::string::npos, entry.first);
    CHECK_MESSAGE(entry.second.find("Rua Alegre") == std::string::npos, entry.first);
    CHECK_MESSAGE(entry.second.find("s_1") == std::string::npos, entry.first);
  }
  CHECK_FALSE(tab.dom.find_tag_with_text("button", "Delete this conversation"));

  // The other tab lets go of the chat too.
  other.app.dispatch(action::StorageChanged{StoredState{}});
  CHECK_FALSE(other.app.model().stored.session.has_value());
  CHECK_FALSE(other.platform.socket_open);

  // The new chat carries on; the notice goes with the next message.
  tab.answer(HttpPurpose::create_session, 201, R"({"session_id":"s_2","token":"tok2","code":"M4N5PQ"})");
  tab.type_and_send("hello again");
  CHECK_FALSE(tab.dom.find_tag_with_text("p", "Your conversation was deleted."));
  CHECK(tab.app.model().stored.session->id == "s_2");
}
