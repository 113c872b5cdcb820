// A tab catching up on a backlog while control frames, its own messages and
// live messages arrive: the relay must keep serving, and the tab must end with
// every log entry exactly once, in order.
//
// Regression tests for the crash of issue 10: after a full page of backlog,
// the write that finished started a second write of the same frame; the next
// ping or pong (the tab's, or the relay's own keep-alive) woke the parked
// write on a freed buffer and the relay died with SIGSEGV.

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <thread>

#include "tests/support/cluster.hpp"
#include "tools/bench/live_frames.hpp"

using namespace baton::test;

namespace {

// The relay reads the backlog this many entries at a time (one page).
constexpr std::uint64_t page = 32;

// One tab, speaking either subprotocol, that remembers what it saw.
class Tab {
 public:
  Tab(const Cluster& cluster, bool binary)
      : binary_(binary), ws_("127.0.0.1", cluster.relay_port(), {binary ? "baton.v1.bin" : "baton.v1.json"}) {}

  void hello(const VisitorSession& s, std::uint64_t after) {
    send(baton::bench::hello_frame(binary_, s.id, s.token, after));
  }

  void say(const std::string& cid, const std::string& text) { send(baton::bench::message_frame(binary_, cid, text)); }

  void send(const std::string& frame) {
    if (binary_) ws_.send_binary(frame);
    else ws_.send_text(frame);
  }

  // Reads what has arrived; waits up to `wait` for the first frame.
  void drain(std::chrono::milliseconds wait = std::chrono::milliseconds(50)) {
    while (auto frame = ws_.next(wait)) {
      auto seen = baton::bench::summarize_frame(*frame, binary_);
      if (seen.type == "message" || seen.type == "status") {
        if (seen.seq <= last_seq_seen) out_of_order = true;
        last_seq_seen = std::max(last_seq_seen, seen.seq);
        ++log_entries[seen.seq];
      }
      if (seen.type == "welcome") welcome_last_seq = seen.last_seq;
      if (seen.type == "ack") acks.insert(seen.cid);
      if (seen.type == "error") errors.push_back(seen.code);
      if (seen.type == "state") ++states;
      wait = std::chrono::milliseconds(0);
    }
  }

  // Every entry after `after` up to `last` arrived exactly once.
  bool has_exactly(std::uint64_t after, std::uint64_t last) const {
    if (log_entries.size() != last - after) return false;
    for (auto seq = after + 1; seq <= last; ++seq) {
      auto it = log_entries.find(seq);
      if (it == log_entries.end() || it->second != 1) return false;
    }
    return true;
  }

  baton::test::WsClient& ws() { return ws_; }

  std::map<std::uint64_t, int> log_entries;  // seq -> times received
  std::uint64_t last_seq_seen = 0;
  std::uint64_t welcome_last_seq = 0;
  bool out_of_order = false;
  std::set<std::string> acks;
  std::vector<std::string> errors;
  int states = 0;

 private:
  bool binary_;
  WsClient ws_;
};

// The newest sequence number of a session's log (the messages API pages).
std::uint64_t last_seq(const Cluster& cluster, const VisitorSession& s) {
  std::uint64_t last = 0;
  for (;;) {
    auto page_of = cluster.messages(s, last);
    if (page_of.empty()) return last;
    last = page_of.back().at("seq").to_number<std::uint64_t>();
  }
}

// Waits until the log stops growing (the assistant has answered); its newest seq.
std::uint64_t settled_last_seq(const Cluster& cluster, const VisitorSession& s) {
  auto last = last_seq(cluster, s);
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    auto now = last_seq(cluster, s);
    if (now == last) return now;
    last = now;
  }
}

// Posts visitor messages, each answered by the assistant before the next,
// until the log holds at least `entries` entries.
void grow_log(const Cluster& cluster, const VisitorSession& s, std::uint64_t entries) {
  auto last = last_seq(cluster, s);
  for (int n = 0; last < entries; ++n) {
    REQUIRE(cluster.post_message(s, "grow-" + std::to_string(n), "question number " + std::to_string(n)).status == 201);
    REQUIRE(eventually([&] { return last_seq(cluster, s) >= last + 2; }));
    last = last_seq(cluster, s);
  }
}

bool relay_serving(Cluster& cluster) {
  return cluster.relay_process().running() && cluster.relay("GET", "/healthz").status == 200;
}

}  // namespace

TEST_CASE("live stream: catching up on 41 entries, then a ping, leaves the relay serving (both subprotocols)") {
  // The exact reproduction: a session, 20 messages (41 entries with the
  // greeting and the assistant's answers), hello after 0, read, then ping.
  Cluster cluster;
  for (bool binary : {false, true}) {
    CAPTURE(binary);
    auto s = cluster.open_session();
    grow_log(cluster, s, 41);
    REQUIRE(last_seq(cluster, s) == 41);

    Tab tab(cluster, binary);
    tab.hello(s, 0);
    REQUIRE(eventually([&] {
      tab.drain();
      return tab.states > 0 && tab.has_exactly(0, 41);
    }));
    tab.ws().send_ping("are you there");
    CHECK(eventually([&] { return tab.ws().pongs_received() == 1; }));
    tab.ws().send_pong("unsolicited");
    tab.ws().send_ping();
    CHECK(eventually([&] { return tab.ws().pongs_received() == 2; }));
    CHECK(relay_serving(cluster));

    // Still a working stream: a live message arrives once, after the backlog.
    REQUIRE(cluster.post_message(s, "after-ping", "still there?").status == 201);
    auto last = settled_last_seq(cluster, s);
    CHECK(last >= 42);
    CHECK(eventually([&] {
      tab.drain();
      return tab.has_exactly(0, last);
    }));
    CHECK_FALSE(tab.out_of_order);
    CHECK_FALSE(tab.ws().closed());
  }
}

TEST_CASE("live stream: the relay's own keep-alive ping after a caught-up backlog leaves it serving") {
  // The same, with no help from the tab: just quiet until the relay pings
  // (at half the idle timeout: 1 s here, 30 s by default).
  Cluster cluster({.relay_flags = {"--ws-idle-timeout-s", "2"}});
  auto s = cluster.open_session();
  grow_log(cluster, s, 41);
  auto last = last_seq(cluster, s);
  for (bool binary : {false, true}) {
    CAPTURE(binary);
    Tab tab(cluster, binary);
    tab.hello(s, 0);
    REQUIRE(eventually([&] {
      tab.drain();
      return tab.states > 0 && tab.has_exactly(0, last);
    }));
    // WsClient answers each ping with a pong, which keeps the stream open.
    CHECK(eventually([&] { return tab.ws().pings_received() >= 2; }, std::chrono::seconds(10)));
    CHECK(relay_serving(cluster));
    CHECK_FALSE(tab.ws().closed());
  }
}

TEST_CASE(
    "live stream: backlogs of 0, 1, a page, a page + 1 and many pages, with control frames, own and live "
    "messages while streaming") {
  Cluster cluster;
  auto s = cluster.open_session();
  grow_log(cluster, s, 5 * page + 7);
  int round = 0;
  for (bool binary : {false, true}) {
    for (std::uint64_t backlog : {std::uint64_t{0}, std::uint64_t{1}, page, page + 1, 5 * page + 3}) {
      CAPTURE(binary);
      CAPTURE(backlog);
      ++round;
      auto before = last_seq(cluster, s);
      REQUIRE(before >= backlog);
      auto after = before - backlog;

      Tab tab(cluster, binary);
      // Everything at once, while the relay is still streaming the backlog:
      // hello, then pings, a pong, the tab's own message, and live messages
      // from another client.
      tab.hello(s, after);
      tab.ws().send_ping("1");
      tab.ws().send_pong("2");
      std::string own = "own-" + std::to_string(round);
      tab.say(own, "sent while catching up");
      tab.ws().send_ping("3");
      for (int i = 0; i < 3; ++i) {
        REQUIRE(cluster.post_message(s, "live-" + std::to_string(round) + "-" + std::to_string(i), "live").status ==
                201);
        tab.ws().send_ping("live");
      }
      tab.say(own, "sent while catching up");  // a resend: acknowledged again, stored once

      // Four new visitor messages, and the assistant's answers (a burst may
      // get one answer): wait until the log is quiet, then every entry must
      // have arrived exactly once.
      CHECK(eventually([&] {
        tab.drain();
        return tab.acks.count(own) == 1 && tab.ws().pongs_received() == 5;
      }));
      auto final_last = settled_last_seq(cluster, s);
      CHECK(final_last >= before + 5);
      CHECK(eventually([&] {
        tab.drain();
        return tab.has_exactly(after, final_last);
      }));
      CHECK(tab.welcome_last_seq >= before);
      CHECK_FALSE(tab.out_of_order);
      CHECK(tab.errors.empty());
      CHECK_FALSE(tab.ws().closed());
      CHECK(relay_serving(cluster));
    }
  }
}

TEST_CASE("live stream: many tabs catching up at once while pinging, and closing abruptly, leave the relay serving") {
  Cluster cluster;
  auto s = cluster.open_session();
  grow_log(cluster, s, 3 * page);
  auto last = last_seq(cluster, s);
  for (int wave = 0; wave < 3; ++wave) {
    std::vector<std::unique_ptr<Tab>> tabs;
    for (int i = 0; i < 12; ++i) {
      tabs.push_back(std::make_unique<Tab>(cluster, i % 2 == 1));
      tabs.back()->hello(s, 0);
      tabs.back()->ws().send_ping();
    }
    // Half of them vanish mid-backlog without a close frame.
    for (std::size_t i = 0; i < tabs.size(); i += 2) tabs[i].reset();
    for (auto& tab : tabs) {
      if (!tab) continue;
      CHECK(eventually([&] {
        tab->drain();
        return tab->has_exactly(0, last);
      }));
    }
  }
  CHECK(relay_serving(cluster));
}
