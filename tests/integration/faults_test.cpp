// wa-sim's injected faults: Meta's transient errors, a proxy's 503, slow and
// lost answers, refused connections, undeliverable numbers (the account as a
// whole: account_health_test.cpp). The agent ends up
// with exactly one copy of each message, or the visitor is told it failed.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

ClusterOptions ana_only() { return ClusterOptions{.relay_flags = {"--agents", "Ana:" + agent_ana}}; }

}  // namespace

TEST_CASE("faults: Meta's transient errors and a proxy's 503 are retried until delivered once") {
  Cluster cluster(ana_only());
  auto s = live_chat_with_ana(cluster);
  add_fault(cluster, R"({"kind":"error","code":131000,"count":2})");
  add_fault(cluster, R"({"kind":"http_status","status":503,"count":1})");
  REQUIRE(cluster.post_message(s, "c1", "through the storm").status == 201);
  CHECK(
      eventually([&] { return copies_sent(cluster, agent_ana, "through the storm") == 1; }, std::chrono::seconds(30)));
  auto metrics = cluster.relay("GET", "/metrics").body;
  CHECK(metrics.find("baton_graph_outcomes_total{outcome=\"retry\"} 3") != std::string::npos);
}

TEST_CASE("faults: an answer lost after Meta accepted is settled by the status webhook, not resent") {
  Cluster cluster(ana_only());
  auto s = live_chat_with_ana(cluster);
  add_fault(cluster, R"({"kind":"drop_response","count":1})");
  REQUIRE(cluster.post_message(s, "c1", "accepted but unanswered").status == 201);
  auto message_delivered = [&] {
    for (const auto& m : cluster.messages(s)) {
      if (m.at("text") == "accepted but unanswered") return m.at("status") == "delivered";
    }
    return false;
  };
  CHECK(eventually(message_delivered));
  // Past the grace period: still one copy on the phone.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK(copies_sent(cluster, agent_ana, "accepted but unanswered") == 1);
  auto outbox = cluster.relay("GET", "/v1/admin/outbox", "", {{"Authorization", "Bearer " + admin_token}}).json();
  CHECK(outbox.at("open").as_array().empty());
}

TEST_CASE("faults: a slow answer past the time limit does not duplicate either") {
  Cluster cluster(ana_only());
  auto s = live_chat_with_ana(cluster);
  add_fault(cluster, R"({"kind":"slow","delay_ms":3000,"count":1})");
  REQUIRE(cluster.post_message(s, "c1", "slowly").status == 201);
  CHECK(eventually([&] { return copies_sent(cluster, agent_ana, "slowly") == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(4000));
  CHECK(copies_sent(cluster, agent_ana, "slowly") == 1);
}

TEST_CASE("faults: a refused connection is retried") {
  Cluster cluster(ana_only());
  auto s = live_chat_with_ana(cluster);
  add_fault(cluster, R"({"kind":"reject","count":2})");
  REQUIRE(cluster.post_message(s, "c1", "knock knock").status == 201);
  CHECK(eventually([&] { return copies_sent(cluster, agent_ana, "knock knock") == 1; }, std::chrono::seconds(30)));
}

TEST_CASE("faults: throughput limits slow the relay down without losing anything") {
  Cluster cluster(ana_only());
  auto s = live_chat_with_ana(cluster);
  add_fault(cluster, R"({"kind":"error","code":130429,"count":1})");
  add_fault(cluster, R"({"kind":"error","code":131056,"count":1})");
  for (int i = 0; i < 3; ++i)
    REQUIRE(cluster.post_message(s, "c" + std::to_string(i), "burst " + std::to_string(i)).status == 201);
  CHECK(eventually(
      [&] {
        return copies_sent(cluster, agent_ana, "burst 0") == 1 && copies_sent(cluster, agent_ana, "burst 1") == 1 &&
               copies_sent(cluster, agent_ana, "burst 2") == 1;
      },
      std::chrono::seconds(40)));
  // In order, despite the retries.
  std::vector<std::string> order;
  for (const auto& line : cluster.lines_sent_to(agent_ana)) {
    if (line.find("burst ") != std::string::npos) order.push_back(line.substr(line.find("burst ")));
  }
  CHECK(order == std::vector<std::string>{"burst 0", "burst 1", "burst 2"});
}

TEST_CASE("faults: an undeliverable agent number is shown to the visitor, not swallowed") {
  Cluster cluster(ana_only());
  auto s = live_chat_with_ana(cluster);
  add_fault(cluster, R"({"kind":"undeliverable","phone":")" + agent_ana + R"("})");
  auto posted = cluster.post_message(s, "c1", "into the void");
  auto id = std::string(posted.json().at("id").as_string());
  // Other rows to Ana (the chat's offer) may fail first and say so in the
  // chat: wait for this message's own failure, shown on it and in the chat.
  CHECK(eventually([&] {
    bool marked_failed = false;
    bool told = false;
    for (const auto& m : cluster.messages(s)) {
      if (m.at("id") == id) marked_failed = m.at("status") == "failed";
      if (m.at("kind") == "delivery_failed" &&
          m.at("text").as_string().find("could not be delivered to the agent") != std::string::npos) {
        told = true;
      }
    }
    return marked_failed && told;
  }));
}
