// kill -9 in the middle of traffic, then a restart: every acknowledged message
// is there once, clients that retry with the same cid create nothing twice,
// and the agent's phone gets each message exactly once.

#include <atomic>
#include <doctest/doctest.h>
#include <set>
#include <thread>

#include "tests/support/cluster.hpp"

using namespace baton::test;

TEST_CASE("crash: kill -9 under load loses no acknowledged message and duplicates none") {
  // A grace period long enough for wa-sim's webhook retries to reach the
  // restarted relay (Meta's default in production is 30 s).
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana, "--in-doubt-grace-ms", "6000"}});
  cluster.open_window(agent_ana);
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s).status == 200);

  // Within Meta's pair-limit burst (45 messages to one user), so the agent
  // gets them all without waiting 6 s per message.
  constexpr int total = 40;
  auto acknowledged = post_through_crash(
      total,
      [&](int i) { return cluster.post_message(s, "crash-" + std::to_string(i), "load message " + std::to_string(i)); },
      std::chrono::milliseconds(120), [&] { cluster.kill_relay(); });
  INFO("acknowledged before the crash: " << acknowledged.size());
  CHECK(acknowledged.size() < total);  // the crash really came mid-traffic

  cluster.start_relay();
  // Clients retry everything they did not see acknowledged, and some that they did.
  for (int i = 0; i < total; ++i) {
    if (acknowledged.contains(i) && i % 3 != 0) continue;
    REQUIRE(cluster.post_message(s, "crash-" + std::to_string(i), "load message " + std::to_string(i)).status == 201);
  }
  auto texts = texts_of(cluster.messages(s));
  for (int i = 0; i < total; ++i) {
    CAPTURE(i);
    CHECK(std::count(texts.begin(), texts.end(), "load message " + std::to_string(i)) == 1);
  }
  // Every message reaches the agent once: rows in flight at the crash are
  // settled by the status webhooks wa-sim keeps retrying.
  auto relayed = [&](int i) {
    std::size_t n = 0;
    auto needle = "load message " + std::to_string(i);
    for (const auto& line : cluster.lines_sent_to(agent_ana)) {
      if (line.size() >= needle.size() && line.compare(line.size() - needle.size(), needle.size(), needle) == 0) ++n;
    }
    return n;
  };
  CHECK(eventually(
      [&] {
        for (int i = 0; i < total; ++i) {
          if (relayed(i) == 0) return false;
        }
        return true;
      },
      std::chrono::seconds(60)));
  for (int i = 0; i < total; ++i) {
    CAPTURE(i);
    CHECK(relayed(i) == 1);
  }
}

TEST_CASE("crash: SIGTERM finishes in-flight work and exits 0, everything acknowledged survives") {
  Cluster cluster;
  auto s = cluster.open_session();
  for (int i = 0; i < 20; ++i) REQUIRE(cluster.post_message(s, "t" + std::to_string(i), "before stop").status == 201);
  CHECK(cluster.stop_relay() == 0);
  cluster.start_relay();
  auto texts = texts_of(cluster.messages(s));
  CHECK(std::count(texts.begin(), texts.end(), "before stop") == 20);
}
