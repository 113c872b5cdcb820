// WhatsApp's system messages against wa-sim: a number change is followed,
// never shown; request_welcome is recorded quietly.

#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

Headers admin() { return {{"Authorization", "Bearer " + admin_token}}; }

}  // namespace

TEST_CASE("system messages: an agent who changed number keeps their chat, and nobody reads the notice") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  auto s = live_chat_with_ana(cluster);
  cluster.whatsapp_from(agent_ana, "#" + s.code + " hello, Ana here");
  REQUIRE(eventually([&] { return chat_says(cluster, s, "hello, Ana here"); }));

  const std::string new_phone = "+15551239999";
  auto changed = cluster.sim("POST", "/sim/inbound",
                             R"({"from":")" + agent_ana + R"(","name":"Ana","type":"system","new_phone":")" +
                                 new_phone + R"("})");
  REQUIRE(changed.status == 200);
  CHECK(eventually(
      [&] { return cluster.relay("GET", "/v1/admin/agents", "", admin()).body.find(new_phone) != std::string::npos; }));
  auto audit = cluster.relay("GET", "/v1/admin/audit", "", admin()).json().at("entries").as_array();
  REQUIRE_FALSE(audit.empty());
  CHECK(audit[0].at("action") == "agent_number_changed");
  CHECK(audit[0].at("detail") == "was " + agent_ana + " | now " + new_phone);

  // The visitor writes: it goes to the new number, which never wrote, so a
  // template first asks Ana there to reply.
  REQUIRE(cluster.post_message(s, "c9", "are you still there?").status == 201);
  CHECK(eventually([&] { return copies_sent(cluster, new_phone, "#" + s.code) >= 1; }));
  // Her reply to it opens the window there, and what waited goes out; then
  // a plain message from the new number reaches this chat.
  cluster.whatsapp_from(new_phone, "ok");
  CHECK(eventually([&] { return copies_sent(cluster, new_phone, "are you still there?") == 1; }));
  cluster.whatsapp_from(new_phone, "yes, from my new phone");
  CHECK(eventually([&] { return chat_says(cluster, s, "yes, from my new phone"); }));
  CHECK(copies_sent(cluster, agent_ana, "are you still there?") == 0);
  // Neither number was ever shown to the visitor.
  CHECK_FALSE(chat_says(cluster, s, "changed from"));
  CHECK_FALSE(chat_says(cluster, s, new_phone));
}

TEST_CASE("system messages: request_welcome and identity notices reach no chat") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  auto s = live_chat_with_ana(cluster);
  cluster.whatsapp_from(agent_ana, "#" + s.code + " good morning from Ana");
  REQUIRE(eventually([&] { return chat_says(cluster, s, "good morning from Ana"); }));
  auto before = cluster.messages(s).size();
  REQUIRE(cluster.sim("POST", "/sim/inbound", R"({"from":")" + agent_ana + R"(","type":"request_welcome"})").status ==
          200);
  REQUIRE(
      cluster
          .sim(
              "POST", "/sim/inbound",
              R"({"from":")" + agent_ana +
                  R"(","type":"system","system_type":"customer_identity_changed","text":"Ana's security code changed."})")
          .status == 200);
  // Both were taken (wa-sim's log shows them delivered), and the chat is unchanged.
  CHECK(eventually([&] {
    std::size_t delivered = 0;
    auto log = cluster.sim("GET", "/sim/webhooks").json();
    for (const auto& w : log.as_array()) {
      auto body = std::string(w.at("raw").as_string());
      if ((body.find("request_welcome") != std::string::npos ||
           body.find("customer_identity_changed") != std::string::npos) &&
          w.at("delivered") == true)
        ++delivered;
    }
    return delivered == 2;
  }));
  CHECK(cluster.messages(s).size() == before);
  CHECK_FALSE(chat_says(cluster, s, "security code"));
  CHECK(copies_sent(cluster, agent_ana, "Unsupported") == 0);
}
