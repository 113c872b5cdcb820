// What a tab and Meta's webhooks see while the relay restarts (as systemd
// restarts it: docs/operations.md): the tab is told 1001 and resumes from its
// last sequence number; a webhook refused while the relay was down is sent
// again by Meta (wa-sim does the same) and stored once.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

std::string hello(const VisitorSession& s, std::uint64_t after) {
  return boost::json::serialize(
      boost::json::object{{"type", "hello"}, {"session_id", s.id}, {"token", s.token}, {"after", after}});
}

// The seqs of the message frames that arrive within `quiet` of each other.
std::vector<std::uint64_t> message_seqs(WsClient& tab,
                                        std::chrono::milliseconds quiet = std::chrono::milliseconds(800)) {
  std::vector<std::uint64_t> seqs;
  while (auto frame = tab.next_json(quiet)) {
    if (frame->at("type") == "message") seqs.push_back(frame->at("message").at("seq").to_number<std::uint64_t>());
  }
  return seqs;
}

}  // namespace

TEST_CASE("restart: a tab is told 1001 and resumes from its last seq, and a webhook refused meanwhile arrives once") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session();
  auto handoff = cluster.hand_off(s);
  REQUIRE(handoff.status == 200);
  auto agent = handoff.json().at("agent") == "Ana" ? agent_ana : agent_ben;
  cluster.whatsapp_from(agent, "#" + s.code + " Hi, I'm here");
  REQUIRE(eventually([&] { return texts_of(cluster.messages(s)).back() == "Hi, I'm here"; }));

  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(hello(s, 0));
  REQUIRE(tab.next_of_type("welcome"));
  auto seen = message_seqs(tab);
  REQUIRE_FALSE(seen.empty());
  auto last_seen = seen.back();

  CHECK(cluster.stop_relay() == 0);
  CHECK(eventually([&] { return tab.closed(); }));
  CHECK(tab.close_code() == 1001);

  // Meta keeps trying a webhook the relay could not take.
  cluster.whatsapp_from(agent, "#" + s.code + " written while you restarted");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  cluster.start_relay();
  CHECK(eventually([&] {
    auto texts = texts_of(cluster.messages(s));
    return std::count(texts.begin(), texts.end(), "written while you restarted") == 1;
  }));

  // The tab comes back with what it last saw and gets exactly the gap.
  WsClient again("127.0.0.1", cluster.relay_port());
  again.send_text(hello(s, last_seen));
  REQUIRE(again.next_of_type("welcome"));
  auto gap = message_seqs(again);
  REQUIRE_FALSE(gap.empty());
  CHECK(gap.front() == last_seen + 1);
  for (std::size_t i = 1; i < gap.size(); ++i) CHECK(gap[i] == gap[i - 1] + 1);
  auto texts = texts_of(cluster.messages(s, last_seen));
  CHECK(std::count(texts.begin(), texts.end(), "written while you restarted") == 1);
  CHECK(texts.size() == gap.size());
}
