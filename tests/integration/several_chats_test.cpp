// One agent running several chats at once from their phone, each reached a
// different way (live, continued on WhatsApp, a call booked), answering by
// quoting, by code and plainly: every message lands in its own chat, once.
// And a chat whose agent's WhatsApp refuses it for good offers the other ways at once.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

std::size_t count_in(const boost::json::array& messages, const std::string& needle) {
  std::size_t n = 0;
  for (const auto& m : messages) {
    if (std::string(m.at("text").as_string()).find(needle) != std::string::npos) ++n;
  }
  return n;
}

// The wamid of the newest message the business sent `phone` that contains `needle`.
std::string wamid_of(const Cluster& cluster, const std::string& phone, const std::string& needle) {
  std::string found;
  eventually([&] {
    for (const auto& m : cluster.sent_to(phone)) {
      if (std::string(m.at("body").as_string()).find(needle) != std::string::npos) found = m.at("id").as_string();
    }
    return !found.empty();
  });
  return found;
}

}  // namespace

TEST_CASE(
    "several chats: one agent runs a live chat, a WhatsApp chat and a booked call without a message going astray") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  cluster.open_window(agent_ana);
  auto marta = cluster.open_session(R"({"name":"Marta"})");
  auto rui = cluster.open_session(R"({"name":"Rui"})");
  auto lena = cluster.open_session(R"({"name":"Lena"})");
  cluster.post_message(marta, "m1", "Where is my order 1001?");
  REQUIRE(cluster.hand_off(marta).status == 200);
  cluster.post_message(rui, "r1", "Do you have size M?");
  REQUIRE(cluster.hand_off(rui, R"({"mode":"whatsapp","name":"Rui","phone":"+351912345678","consent":true})").status ==
          200);
  auto slot = std::string(
      cluster.relay("GET", "/v1/availability/slots").json().at("slots").at(0).at("start").as_string());
  REQUIRE(cluster
              .hand_off(lena, R"({"mode":"callback","name":"Lena","phone":"+4915112345678","consent":true,"slot":")" +
                                  slot + R"("})")
              .status == 200);
  REQUIRE(!wamid_of(cluster, agent_ana, "Call booked").empty());

  // Quoting Marta's handoff message goes to Marta, whatever came since.
  auto marta_handoff = wamid_of(cluster, agent_ana, "#" + marta.code);
  cluster.whatsapp_from(agent_ana, "Order 1001 ships today.", marta_handoff);
  // By code: Rui's chat (and his WhatsApp).
  cluster.whatsapp_from(agent_ana, "#" + rui.code + " Yes, size M is in stock.");
  // Rui writes from WhatsApp; Ana answers plainly: it goes to her most recent chat, Rui's.
  cluster.whatsapp_from("+351912345678", "Chat #" + rui.code + " great, I'll order");
  REQUIRE(eventually([&] { return !wamid_of(cluster, agent_ana, "great, I'll order").empty(); }));
  cluster.whatsapp_from(agent_ana, "Thank you Rui!");
  // /who on the booked call's code answers with Lena's details.
  cluster.whatsapp_from(agent_ana, "/who " + lena.code);
  REQUIRE(!wamid_of(cluster, agent_ana, "Lena (").empty());

  REQUIRE(eventually([&] { return count_in(cluster.messages(rui), "Thank you Rui!") == 1; }));
  REQUIRE(eventually([&] { return count_in(cluster.messages(marta), "Order 1001 ships today.") == 1; }));
  auto m = cluster.messages(marta), r = cluster.messages(rui), l = cluster.messages(lena);
  CHECK(count_in(m, "size M is in stock") == 0);
  CHECK(count_in(m, "Thank you Rui!") == 0);
  CHECK(count_in(r, "Order 1001 ships today.") == 0);
  CHECK(count_in(r, "Yes, size M is in stock.") == 1);
  CHECK(count_in(r, "great, I'll order") == 1);
  for (const auto& text : {"Order 1001", "size M", "Thank you Rui"}) CHECK(count_in(l, text) == 0);
  // Rui's WhatsApp got Ana's two answers, once each, and nothing of Marta's.
  std::size_t to_rui = 0;
  for (const auto& sent : cluster.sent_to("+351912345678")) {
    auto body = std::string(sent.at("body").as_string());
    CHECK(body.find("Order 1001") == std::string::npos);
    if (body.find("size M is in stock") != std::string::npos || body.find("Thank you Rui!") != std::string::npos) {
      ++to_rui;
    }
  }
  CHECK(to_rui == 2);
  // /list shows the two chats she holds.
  cluster.whatsapp_from(agent_ana, "/list");
  auto list = wamid_of(cluster, agent_ana, "#" + rui.code);
  CHECK(!list.empty());
}

// Found on review: the agent's "most recent chat" moved when a visitor's
// message was queued for them, not when it reached them, so a plain answer
// to the chat on their screen went to a chat whose message they had not
// seen yet (a file still uploading, a copy waiting out a failure).
TEST_CASE("several chats: a plain answer stays with the chat the agent last heard from, not one still on its way") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  cluster.open_window(agent_ana);
  auto marta = cluster.open_session(R"({"name":"Marta"})");
  auto rui = cluster.open_session(R"({"name":"Rui"})");
  REQUIRE(cluster.take_chat(rui) == agent_ana);
  REQUIRE(cluster.take_chat(marta) == agent_ana);
  cluster.post_message(marta, "m1", "Where is my order 1001?");
  REQUIRE(!wamid_of(cluster, agent_ana, "Where is my order 1001?").empty());
  // Rui's next message fails for now (Meta's 500): it waits to be sent again.
  REQUIRE(cluster.sim("POST", "/sim/faults", R"({"kind":"http_status","status":500,"count":1})").status == 200);
  cluster.post_message(rui, "r1", "Do you have size M?");
  REQUIRE(eventually([&] {
    return cluster.relay("GET", "/metrics").body.find("baton_graph_outcomes_total{outcome=\"retry\"} 1") !=
           std::string::npos;
  }));
  cluster.whatsapp_from(agent_ana, "It ships today.");
  CHECK(eventually([&] { return count_in(cluster.messages(marta), "It ships today.") == 1; }));
  // Rui's message reaches her in the end; her next plain answer is his.
  REQUIRE(!wamid_of(cluster, agent_ana, "Do you have size M?").empty());
  cluster.whatsapp_from(agent_ana, "Yes, M is in stock.");
  CHECK(eventually([&] { return count_in(cluster.messages(rui), "Yes, M is in stock.") == 1; }));
  CHECK(count_in(cluster.messages(rui), "It ships today.") == 0);
}

TEST_CASE(
    "several chats: when the agent's WhatsApp refuses the chat for good, the visitor is offered the other ways at once") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana, "--queue-timeout-s", "600"}});
  cluster.open_window(agent_ana);
  REQUIRE(cluster.sim("POST", "/sim/faults", R"({"kind":"undeliverable","phone":")" + agent_ana + R"("})").status ==
          200);
  auto s = cluster.open_session(R"({"language":"es-ES"})");
  REQUIRE(cluster.hand_off(s).status == 200);
  REQUIRE(eventually([&] {
    for (const auto& m : cluster.messages(s)) {
      if (m.at("kind") == "handoff_offer") return true;
    }
    return false;
  }));
  // Told in the chat's language (Spanish here), like everything the relay says to a visitor.
  auto texts = texts_of(cluster.messages(s));
  bool told = false;
  for (const auto& t : texts)
    told = told || t.find("No pudimos contactar con el agente por WhatsApp") != std::string::npos;
  CHECK(told);
  // Nobody holds the chat now: every other way is open again.
  CHECK(cluster.relay("GET", "/v1/sessions/" + s.id + "/handoff", "", s.auth()).json().at("state") == "bot");
}
