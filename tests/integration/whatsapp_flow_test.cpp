// Live handoff end to end: the agent's phone (played through wa-sim) gets the
// context, the agent's replies reach the visitor's tab and transcript, the
// visitor's messages reach the agent, delivery ticks follow WhatsApp.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

// The business messages to `phone` whose body contains `needle`.
boost::json::array sent_containing(const Cluster& cluster, const std::string& phone, const std::string& needle) {
  boost::json::array out;
  for (const auto& m : cluster.sent_to(phone)) {
    if (std::string(m.at("body").as_string()).find(needle) != std::string::npos) out.push_back(m);
  }
  return out;
}

std::string agent_of(const Cluster& cluster, const VisitorSession& s) {
  auto reply = cluster.hand_off(s);
  REQUIRE(reply.status == 200);
  return reply.json().at("agent") == "Ana" ? agent_ana : agent_ben;
}

std::string hello_frame(const VisitorSession& s) {
  return boost::json::serialize(
      boost::json::object{{"type", "hello"}, {"session_id", s.id}, {"token", s.token}, {"after", 0}});
}

}  // namespace

TEST_CASE("whatsapp: the agent gets the whole context in one message, and their replies reach the visitor") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session(R"({"page_url":"https://shop.example/bikes","page_title":"Bikes","language":"pt-BR"})");
  cluster.post_message(s, "c1", "Do you ship to Portugal?");
  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(hello_frame(s));
  REQUIRE(tab.next_of_type("welcome"));

  auto agent = agent_of(cluster, s);
  REQUIRE(eventually([&] { return !sent_containing(cluster, agent, "New chat #" + s.code).empty(); }));
  auto handoff = sent_containing(cluster, agent, "New chat #" + s.code).at(0);
  auto body = std::string(handoff.at("body").as_string());
  CHECK(body.find("Vera Visitor") != std::string::npos);
  CHECK(body.find("https://shop.example/bikes") != std::string::npos);
  CHECK(body.find("Visitor: Do you ship to Portugal?") != std::string::npos);
  CHECK(body.find("pt-BR") != std::string::npos);
  CHECK(sent_containing(cluster, agent, "New chat #" + s.code).size() == 1);

  // A reply quoting the handoff message.
  cluster.whatsapp_from(agent, "Hi Vera, yes we do!", std::string(handoff.at("id").as_string()));
  auto joined = tab.next_of_type("state");
  while (joined && joined->at("state") != "live") joined = tab.next_of_type("state");
  REQUIRE(joined);
  CHECK(eventually([&] {
    auto texts = texts_of(cluster.messages(s));
    return std::find(texts.begin(), texts.end(), "Hi Vera, yes we do!") != texts.end();
  }));
  bool seen_in_tab = false;
  while (auto frame = tab.next_of_type("message", std::chrono::seconds(3))) {
    if (frame->at("message").at("text") == "Hi Vera, yes we do!") {
      CHECK(frame->at("message").at("author") == "agent");
      seen_in_tab = true;
      break;
    }
  }
  CHECK(seen_in_tab);

  // The visitor answers; the agent gets it tagged with the code.
  auto question = cluster.post_message(s, "c2", "Great, how long does it take?");
  REQUIRE(question.status == 201);
  CHECK(eventually([&] {
    return !sent_containing(cluster, agent, "#" + s.code + " Vera Visitor: Great, how long does it take?").empty();
  }));
  // Delivery ticks follow the agent's phone: delivered, then read when they open it.
  auto message_id = std::string(question.json().at("id").as_string());
  auto status_of = [&] {
    for (const auto& m : cluster.messages(s)) {
      if (m.at("id") == message_id) return std::string(m.at("status").as_string());
    }
    return std::string();
  };
  CHECK(eventually([&] { return status_of() == "delivered"; }));
  auto relayed = sent_containing(cluster, agent, "Great, how long").at(0);
  cluster.sim("POST", "/sim/read", R"({"id":")" + std::string(relayed.at("id").as_string()) + R"("})");
  CHECK(eventually([&] { return status_of() == "read"; }));
  bool status_frame = false;
  while (auto frame = tab.next_of_type("status", std::chrono::seconds(3))) {
    if (frame->at("id") == message_id && frame->at("status") == "read") {
      status_frame = true;
      break;
    }
  }
  CHECK(status_frame);

  // A photo from the agent reaches the visitor as the photo itself, with the
  // agent's own caption as written (the label is for readers of text only).
  auto photo = cluster.sim("POST", "/sim/inbound",
                           boost::json::serialize(boost::json::object{
                               {"from", agent}, {"name", "Ana"}, {"type", "image"}, {"caption", "Our shop in Porto"}}));
  REQUIRE(photo.status == 200);
  CHECK(eventually([&] {
    for (const auto& m : cluster.messages(s)) {
      const auto* file = m.as_object().if_contains("attachment");
      if (file && m.at("text") == "Our shop in Porto") return file->at("kind") == "image";
    }
    return false;
  }));
}

TEST_CASE("whatsapp: #CODE and plain replies find their chats when an agent has two") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  cluster.open_window(agent_ana);
  auto first = cluster.open_session();
  auto second = cluster.open_session();
  REQUIRE(cluster.hand_off(first).status == 200);
  REQUIRE(cluster.hand_off(second).status == 200);
  REQUIRE(eventually([&] { return !sent_containing(cluster, agent_ana, "New chat #" + second.code).empty(); }));

  auto has = [&](const VisitorSession& s, const std::string& text) {
    auto texts = texts_of(cluster.messages(s));
    return std::find(texts.begin(), texts.end(), text) != texts.end();
  };
  // Each message once the one before it has landed, as an agent types them:
  // wa-sim, like Meta, sends a few webhooks at once, and two sent together
  // may reach the relay in either order (a plain reply then follows the
  // chat the agent named last as it arrived).
  cluster.whatsapp_from(agent_ana, "#" + first.code + " hello first");
  REQUIRE(eventually([&] { return has(first, "hello first"); }));
  cluster.whatsapp_from(agent_ana, "#" + second.code + " hello second");
  REQUIRE(eventually([&] { return has(second, "hello second"); }));
  cluster.whatsapp_from(agent_ana, "and more for second");
  CHECK(eventually([&] { return has(second, "and more for second"); }));
  CHECK_FALSE(has(first, "hello second"));
  CHECK_FALSE(has(first, "and more for second"));

  cluster.whatsapp_from(agent_ana, "#ZZZZZZ lost?");
  CHECK(eventually([&] { return !sent_containing(cluster, agent_ana, "There is no chat #ZZZZZZ").empty(); }));
}

TEST_CASE("whatsapp: duplicated and reordered webhooks change nothing") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session();
  auto agent = agent_of(cluster, s);
  REQUIRE(eventually([&] { return !sent_containing(cluster, agent, "New chat #" + s.code).empty(); }));

  REQUIRE(cluster.sim("POST", "/sim/faults", R"({"kind":"duplicate_webhooks","count":20})").status == 200);
  REQUIRE(cluster.sim("POST", "/sim/faults", R"({"kind":"reorder_statuses","count":5})").status == 200);
  cluster.whatsapp_from(agent, "#" + s.code + " only once please");
  auto question = cluster.post_message(s, "c1", "tick me");
  auto message_id = std::string(question.json().at("id").as_string());
  REQUIRE(eventually([&] { return !sent_containing(cluster, agent, "tick me").empty(); }));
  auto relayed = sent_containing(cluster, agent, "tick me").at(0);
  cluster.sim("POST", "/sim/read", R"({"id":")" + std::string(relayed.at("id").as_string()) + R"("})");

  CHECK(eventually([&] {
    for (const auto& m : cluster.messages(s)) {
      if (m.at("id") == message_id) return m.at("status") == "read";
    }
    return false;
  }));
  // Let every duplicate arrive, then count.
  CHECK(eventually([&] {
    auto log = cluster.sim("GET", "/sim/webhooks").json().as_array();
    return std::all_of(log.begin(), log.end(), [](const auto& w) { return w.at("delivered") == true; });
  }));
  auto texts = texts_of(cluster.messages(s));
  CHECK(std::count(texts.begin(), texts.end(), "only once please") == 1);
  CHECK(sent_containing(cluster, agent, "tick me").size() == 1);
  for (const auto& m : cluster.messages(s)) {
    if (m.at("id") == message_id) CHECK(m.at("status") == "read");
  }
}

TEST_CASE("whatsapp: the 24-hour window is closed, so a template asks the agent to reply first") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  auto s = cluster.open_session();
  cluster.post_message(s, "c1", "I need help with my order");
  REQUIRE(cluster.hand_off(s).status == 200);
  // The relay knows Ana never wrote: a template goes out, the context waits.
  REQUIRE(eventually([&] {
    auto sent = cluster.sent_to(agent_ana);
    return !sent.empty() && sent.back().at("type") == "template";
  }));
  auto reconnect = cluster.sent_to(agent_ana).back();
  CHECK(std::string(reconnect.at("body").as_string()).find("chat #" + s.code) != std::string::npos);
  CHECK(sent_containing(cluster, agent_ana, "New chat #" + s.code).empty());

  cluster.whatsapp_from(agent_ana, "ok, send it", std::string(reconnect.at("id").as_string()));
  CHECK(eventually([&] { return !sent_containing(cluster, agent_ana, "New chat #" + s.code).empty(); }));
  auto texts = texts_of(cluster.messages(s));
  CHECK(std::find(texts.begin(), texts.end(), "ok, send it") == texts.end());
}

// Found on review: a failed reconnect template failed what was parked, but
// left the agent's lane held, so every later message to them waited, untold,
// until the relay restarted.
TEST_CASE("whatsapp: after the template asking an agent to reply fails, the next chat asks again") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  auto template_status = [&](const std::string& event) {
    REQUIRE(cluster.sim("POST", "/sim/template_status", R"({"name":"baton_reconnect","event":")" + event + R"("})")
                .status == 200);
  };
  template_status("PAUSED");
  auto first = cluster.open_session();
  cluster.post_message(first, "c1", "I need help with my order");
  REQUIRE(cluster.hand_off(first).status == 200);
  auto failed = [&](const baton::test::VisitorSession& s) {
    for (const auto& m : cluster.messages(s)) {
      if (m.at("kind") == "delivery_failed") return true;
    }
    return false;
  };
  REQUIRE(eventually([&] { return failed(first); }));
  CHECK(cluster.sent_to(agent_ana).empty());

  template_status("REINSTATED");
  auto second = cluster.open_session();
  cluster.post_message(second, "c1", "is anyone there?");
  REQUIRE(cluster.hand_off(second).status == 200);
  CHECK(eventually([&] {
    auto sent = cluster.sent_to(agent_ana);
    return !sent.empty() && sent.back().at("type") == "template" &&
           std::string(sent.back().at("body").as_string()).find("chat #" + second.code) != std::string::npos;
  }));
}

TEST_CASE("whatsapp: an agent later known only by a business-scoped user id still reaches their chats") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  auto inbound = [&](const std::string& body) {
    auto reply = cluster.sim("POST", "/sim/inbound", body);
    REQUIRE(reply.status == 200);
  };
  // First message: phone and user id together, so the relay links them.
  inbound(R"({"from":")" + agent_ana + R"(","user_id":"US.13491208655302741918","name":"Ana","text":"hi"})");
  // Stored before the chat exists: arriving later, "hi" would take the chat
  // (the webhook is delivered on its own time).
  auto unrouted = [&](int n) {
    return cluster.relay("GET", "/metrics")
               .body.find("baton_webhook_items_total{kind=\"unrouted_message\"} " + std::to_string(n)) !=
           std::string::npos;
  };
  REQUIRE(eventually([&] { return unrouted(1); }));
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s).status == 200);
  REQUIRE(eventually([&] { return !sent_containing(cluster, agent_ana, "New chat #" + s.code).empty(); }));
  // Then Ana adopts a username: webhooks carry only her user id.
  inbound(R"({"user_id":"US.13491208655302741918","omit_phone":true,"name":"Ana","text":"#)" + s.code +
          R"( answering by username"})");
  CHECK(eventually([&] {
    auto texts = texts_of(cluster.messages(s));
    return std::find(texts.begin(), texts.end(), "answering by username") != texts.end();
  }));
  // A stranger known only by a user id is kept, not routed, not lost, and
  // hears (at their user id) how to start a chat; once a day, not per message.
  inbound(R"({"user_id":"BR.99990000111122223333","omit_phone":true,"name":"Zé","text":"oi"})");
  CHECK(eventually([&] { return unrouted(2); }));
  auto told = [&] {
    std::size_t n = 0;
    for (const auto& m : cluster.sent_to()) {
      auto body = std::string(m.at("body").as_string());
      if (body.find("answers chats that begin on our website") != std::string::npos) ++n;
    }
    return n;
  };
  REQUIRE(eventually([&] { return told() == 1; }));
  inbound(R"({"user_id":"BR.99990000111122223333","omit_phone":true,"name":"Zé","text":"olá?"})");
  REQUIRE(eventually([&] { return unrouted(3); }));
  CHECK(told() == 1);
}

TEST_CASE("whatsapp: a stranger's number that writes to the business hears how to start a chat") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  cluster.whatsapp_from("+447700900123", "Hi, is the shop open on Sunday?");
  REQUIRE(eventually([&] { return copies_sent(cluster, "+447700900123", "begin on our website") == 1; }));
  cluster.whatsapp_from("+447700900123", "hello?");
  REQUIRE(eventually([&] {
    return cluster.relay("GET", "/metrics").body.find("baton_webhook_items_total{kind=\"unrouted_message\"} 2") !=
           std::string::npos;
  }));
  CHECK(copies_sent(cluster, "+447700900123", "begin on our website") == 1);
}
