// The WhatsApp account as a whole: a token revoked while the relay runs, an
// expired one from the start, a locked account. Sending stops and nothing is
// failed or lost, /healthz says "degraded", live agents are not offered, the
// chats with a person are told; when the account works again every kept
// message goes, once. And late `failed` statuses read like immediate errors.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <thread>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

Headers admin() { return {{"Authorization", "Bearer " + admin_token}}; }

bool degraded(const Cluster& cluster, const std::string& words) {
  auto health = cluster.relay("GET", "/healthz");
  return health.status == 200 && health.body.starts_with("degraded: ") && health.body.find(words) != std::string::npos;
}

bool offers(const Cluster& cluster, const std::string& way) {
  auto availability = cluster.relay("GET", "/v1/availability").json();
  for (const auto& option : availability.at("options").as_array()) {
    if (option == way.c_str()) return true;
  }
  return false;
}

// Nothing left to send: a counted fault then meets the next message, not
// one the relay sends on its own (an offer, a notice) just before it.
void wait_until_sent(const Cluster& cluster) {
  REQUIRE(eventually(
      [&] { return cluster.relay("GET", "/v1/admin/outbox", "", admin()).json().at("open").as_array().empty(); }));
}

ClusterOptions ana_only() { return ClusterOptions{.relay_flags = {"--agents", "Ana:" + agent_ana}}; }

}  // namespace

TEST_CASE("account health: a token revoked mid-chat stops sending, keeps everything, and resumes once it works") {
  Cluster cluster(ana_only());
  auto s = live_chat_with_ana(cluster);
  CHECK(cluster.relay("GET", "/healthz").body == "ok");
  REQUIRE(offers(cluster, "live"));

  add_fault(cluster, R"({"kind":"account","code":190})");
  REQUIRE(cluster.post_message(s, "c1", "first while revoked").status == 201);
  CHECK(eventually([&] { return degraded(cluster, "WhatsApp cannot send (Invalid OAuth access token"); }));
  // Nothing failed: the message waits, and the visitor is told why.
  CHECK(eventually([&] { return chat_says(cluster, s, "can't reach our team on WhatsApp"); }));
  CHECK_FALSE(chat_says(cluster, s, "could not be delivered"));
  REQUIRE(cluster.post_message(s, "c2", "second while revoked").status == 201);
  // New visitors are not offered an agent no message can reach, and a
  // widget that still shows the way is refused with a reason, nothing stored.
  CHECK_FALSE(offers(cluster, "live"));
  CHECK_FALSE(offers(cluster, "whatsapp"));
  auto other = cluster.open_session();
  auto refused = cluster.hand_off(other);
  CHECK(refused.status == 503);
  CHECK(refused.json().at("error").at("code") == "whatsapp_unavailable");
  auto account = cluster.relay("GET", "/v1/admin/whatsapp", "", admin()).json().at("health");
  CHECK(account.at("state") == "blocked");
  CHECK(account.at("code") == 190);
  CHECK(std::string(account.at("meaning").as_string()).find("expired") != std::string::npos);
  CHECK(cluster.relay("GET", "/metrics").body.find("baton_whatsapp_can_send 0") != std::string::npos);
  // Probes keep failing; still nothing reached the phone, nothing failed.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK(copies_sent(cluster, agent_ana, "while revoked", "delivered") == 0);
  auto outbox = cluster.relay("GET", "/v1/admin/outbox", "", admin()).json().at("open").as_array();
  CHECK_FALSE(outbox.empty());  // the two messages travel as one copy

  // The token works again: each kept message arrives once, in order.
  REQUIRE(cluster.sim("DELETE", "/sim/faults").status == 200);
  CHECK(eventually([&] { return cluster.relay("GET", "/healthz").body == "ok"; }, std::chrono::seconds(30)));
  CHECK(eventually([&] {
    return copies_sent(cluster, agent_ana, "first while revoked") == 1 &&
           copies_sent(cluster, agent_ana, "second while revoked") == 1;
  }));
  auto lines = cluster.lines_sent_to(agent_ana);
  auto first = std::find_if(lines.begin(), lines.end(),
                            [](auto& l) { return l.find("first while") != std::string::npos; });
  auto second = std::find_if(lines.begin(), lines.end(),
                             [](auto& l) { return l.find("second while") != std::string::npos; });
  CHECK(first < second);
  CHECK(offers(cluster, "live"));
  CHECK(cluster.relay("GET", "/metrics").body.find("baton_whatsapp_can_send 1") != std::string::npos);
}

TEST_CASE("account health: an expired token from the start is fixed on the admin page, and chats go out again") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana, "--access-token", "expired-token"}});
  auto s = cluster.open_session();
  // The first call the relay makes finds the token dead (a handoff's copy,
  // or what it sends on its own at start).
  auto first = cluster.hand_off(s);
  CHECK((first.status == 200 || first.status == 503));
  CHECK(eventually([&] { return degraded(cluster, "Invalid OAuth access token"); }));
  auto refused = cluster.hand_off(cluster.open_session());
  CHECK(refused.status == 503);
  CHECK(refused.json().at("error").at("code") == "whatsapp_unavailable");
  CHECK_FALSE(chat_says(cluster, s, "could not be delivered"));

  auto fixed = R"({"phone_number_id":"100000000000001","business_number":"15550001234",)"
               R"("access_token":"sim-access-token","app_secret":"","verify_token":""})";
  REQUIRE(cluster.relay("PUT", "/v1/admin/whatsapp", fixed, admin()).status == 200);
  CHECK(eventually([&] { return cluster.relay("GET", "/healthz").body == "ok"; }, std::chrono::seconds(20)));
  CHECK(cluster.relay("GET", "/v1/admin/whatsapp", "", admin()).json().at("health").at("state") == "healthy");
  if (first.status != 200) REQUIRE(cluster.hand_off(s).status == 200);
  // Ana hears of the chat (by the template that asks her to reply, her
  // window being closed), once.
  CHECK(eventually([&] { return copies_sent(cluster, agent_ana, "#" + s.code) == 1; }, std::chrono::seconds(20)));
}

TEST_CASE("account health: a locked account that still reads its number is proven by one message, not a flood") {
  Cluster cluster(ana_only());
  auto s = live_chat_with_ana(cluster);
  add_fault(cluster, R"({"kind":"account","code":131031})");
  for (int i = 0; i < 4; ++i) {
    REQUIRE(cluster.post_message(s, "c" + std::to_string(i), "locked " + std::to_string(i)).status == 201);
  }
  CHECK(eventually([&] { return degraded(cluster, "Account has been locked"); }));
  // The probe reads the number, a trial message fails, and the wait grows:
  // a handful of calls in 6 s, not one per message per retry.
  std::this_thread::sleep_for(std::chrono::milliseconds(6000));
  CHECK(degraded(cluster, "Account has been locked"));
  auto metrics = cluster.relay("GET", "/metrics").body;
  const std::string counter = "baton_graph_outcomes_total{outcome=\"account\"} ";
  auto refused = metrics.find(counter);
  REQUIRE(refused != std::string::npos);
  CHECK(std::stoi(metrics.substr(refused + counter.size())) <= 5);

  REQUIRE(cluster.sim("DELETE", "/sim/faults").status == 200);
  CHECK(eventually(
      [&] {
        for (int i = 0; i < 4; ++i) {
          if (copies_sent(cluster, agent_ana, "locked " + std::to_string(i)) != 1) return false;
        }
        return true;
      },
      std::chrono::seconds(30)));
  CHECK(eventually([&] { return cluster.relay("GET", "/healthz").body == "ok"; }));
}

TEST_CASE("late failures: passing trouble in a failed status sends again once, and after delivery undoes nothing") {
  Cluster cluster(ana_only());
  auto s = live_chat_with_ana(cluster);
  wait_until_sent(cluster);
  add_fault(cluster, R"({"kind":"late_failure","code":131000,"after":"sent"})");
  REQUIRE(cluster.post_message(s, "c1", "failed on the way").status == 201);
  // The failed copy never reached the phone; the second one did, alone.
  CHECK(eventually([&] {
    return copies_sent(cluster, agent_ana, "failed on the way", "failed") == 1 &&
           copies_sent(cluster, agent_ana, "failed on the way", "delivered") == 1;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(copies_sent(cluster, agent_ana, "failed on the way") == 2);
  CHECK_FALSE(chat_says(cluster, s, "could not be delivered"));

  wait_until_sent(cluster);
  add_fault(cluster, R"({"kind":"late_failure","code":131026,"after":"delivered"})");
  auto posted = cluster.post_message(s, "c2", "delivered then failed");
  auto id = std::string(posted.json().at("id").as_string());
  CHECK(eventually([&] { return copies_sent(cluster, agent_ana, "delivered then failed", "failed") == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  CHECK(copies_sent(cluster, agent_ana, "delivered then failed") == 1);
  for (const auto& m : cluster.messages(s)) {
    if (m.at("id") == id.c_str()) CHECK(m.at("status") == "delivered");
  }
  CHECK_FALSE(chat_says(cluster, s, "could not be delivered"));
}

TEST_CASE("account health: a template Meta paused is reported until it is approved again") {
  Cluster cluster;
  auto status = [&](const std::string& event) {
    REQUIRE(
        cluster.sim("POST", "/sim/template_status", R"({"name":"baton_continue","event":")" + event + R"("})").status ==
        200);
  };
  status("PAUSED");
  CHECK(eventually([&] { return degraded(cluster, "WhatsApp template baton_continue is PAUSED"); }));
  auto health = cluster.relay("GET", "/v1/admin/whatsapp", "", admin()).json().at("health");
  CHECK(health.at("state") == "healthy");
  CHECK(health.at("templates").at("baton_continue") == "PAUSED");
  // wa-sim refuses sends of it meanwhile, as Meta does.
  CHECK(cluster.sim("POST", "/sim/template_status", R"({"name":"no_such_template","event":"PAUSED"})").status == 400);
  status("REINSTATED");
  CHECK(eventually([&] { return cluster.relay("GET", "/healthz").body == "ok"; }));
}
