// What the widget tells the agent's WhatsApp through the relay: the entries
// a shown panel has displayed (so the agent's messages turn read) and that
// the visitor types, at most every 10 seconds.

#include <doctest/doctest.h>

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
  Tab() : platform(std::make_shared<std::map<std::string, std::string>>()), app(platform, dom) {
    app.start(PageInfo{"https://shop.example/", "Shop", "", "en-US", "Europe/Lisbon", "UA", {"en-US"}, {}}, "en");
  }

  void relay(const ServerFrame& frame) { app.dispatch(action::SocketData{encode_binary(frame)}); }

  void open_and_connect() {
    app.dispatch(action::Open{});
    app.dispatch(
        action::HttpDone{HttpPurpose::create_session, 201, R"({"session_id":"s_1","token":"tok","code":"K7P2QX"})"});
    app.dispatch(action::SocketOpened{});
    relay(Welcome{"s_1", "K7P2QX", SessionState::live, "Ana", 1, {}});
  }

  Message from(Author author, std::uint64_t seq, std::string text) {
    Message m;
    m.seq = seq;
    m.id = "m_" + std::to_string(seq);
    m.author = author;
    m.author_name = author == Author::agent ? "Ana" : "";
    m.text = std::move(text);
    return m;
  }

  template <class Frame>
  std::vector<Frame> sent() {
    std::vector<Frame> out;
    for (const auto& bytes : platform.sent) {
      auto frame = decode_client_frame(bytes);
      if (frame && std::holds_alternative<Frame>(*frame)) out.push_back(std::get<Frame>(*frame));
    }
    return out;
  }

  void type() { app.dom_event(*dom.find("aria-label", "Message"), DomEvent::input); }

  FakeDom dom;
  FakePlatform platform;
  WidgetApp app;
};

}  // namespace

TEST_CASE("widget signals: an agent's message shown in the open panel is reported seen, once") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(tab.from(Author::agent, 2, "Hello, Ana here"));
  auto seen = tab.sent<Seen>();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].seq == 2);
  // A visitor's own line, or the same entries again, say nothing new.
  tab.relay(tab.from(Author::visitor, 3, "hi"));
  CHECK(tab.sent<Seen>().size() == 1);
  // Not looking (the tab hidden): not seen until it shows again.
  tab.app.dispatch(action::Visibility{false});
  tab.relay(tab.from(Author::agent, 4, "still there?"));
  CHECK(tab.sent<Seen>().size() == 1);
  tab.app.dispatch(action::Visibility{true});
  REQUIRE(tab.sent<Seen>().size() == 2);
  CHECK(tab.sent<Seen>()[1].seq == 4);
}

TEST_CASE("widget signals: typing is said at most every 10 seconds, and only to a person") {
  Tab tab;
  tab.open_and_connect();
  for (int i = 0; i < 5; ++i) tab.type();
  CHECK(tab.sent<Typing>().size() == 1);
  tab.platform.now += 9'000;
  tab.type();
  CHECK(tab.sent<Typing>().size() == 1);
  tab.platform.now += 1'000;
  tab.type();
  CHECK(tab.sent<Typing>().size() == 2);
  tab.relay(StateChange{SessionState::ended, "", ""});
  tab.platform.now += 60'000;
  tab.type();
  CHECK(tab.sent<Typing>().size() == 2);
}
