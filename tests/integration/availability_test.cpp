// Availability and the agents' commands in the real relay with wa-sim:
// presence (/away, /online), capacity, the 24-hour window, business hours,
// and /list, /who, /end answered on WhatsApp.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <ctime>
#include <thread>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

// The newest text the business sent to `phone` once one contains `needle`.
std::string reply_containing(const Cluster& cluster, const std::string& phone, const std::string& needle) {
  std::string found;
  eventually([&] {
    for (const auto& m : cluster.sent_to(phone)) {
      auto text = boost::json::serialize(m);
      if (text.find(needle) != std::string::npos) {
        found = text;
        return true;
      }
    }
    return false;
  });
  return found;
}

// The --hours name of the UTC weekday `offset` days from today (-1: yesterday).
std::string utc_weekday(int offset) {
  static const char* days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return days[(utc.tm_wday + 7 + offset) % 7];
}

boost::json::object availability(const Cluster& cluster) {
  return cluster.relay("GET", "/v1/availability").json().as_object();
}

}  // namespace

TEST_CASE("availability: agents go away and come back from WhatsApp, capacity fills, routing follows") {
  Cluster cluster({.relay_flags = {"--agent-capacity", "1"}});
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  CHECK(availability(cluster).at("agents_online") == 2);

  // An open tab hears of the change without asking.
  auto watcher = cluster.open_session();
  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(boost::json::serialize(
      boost::json::object{{"type", "hello"}, {"session_id", watcher.id}, {"token", watcher.token}, {"after", 1}}));
  REQUIRE(tab.next_of_type("welcome"));
  cluster.whatsapp_from(agent_ben, "/away");
  CHECK(!reply_containing(cluster, agent_ben, "You're away").empty());
  CHECK(availability(cluster).at("agents_online") == 1);
  // The first frame is the state on joining (2 online); then the change.
  auto joined = tab.next_of_type("availability");
  REQUIRE(joined);
  CHECK(joined->at("agents_online") == 2);
  auto pushed = tab.next_of_type("availability");
  REQUIRE(pushed);
  CHECK(pushed->at("agents_online") == 1);
  CHECK(pushed->at("online") == true);

  // Ben is away: the chat goes to Ana, who then has no room left (capacity 1).
  auto first = cluster.open_session(R"({"name":"Marta"})");
  auto handed = cluster.hand_off(first);
  REQUIRE(handed.status == 200);
  CHECK(handed.json().at("agent") == "Ana");
  auto now = availability(cluster);
  CHECK(now.at("online") == false);
  // Nobody can chat now; a call later still can be booked.
  CHECK(boost::json::serialize(now.at("options")) == R"(["callback"])");
  auto second = cluster.open_session();
  auto refused = cluster.hand_off(second);
  CHECK(refused.status == 409);
  CHECK(refused.json().at("error").at("code") == "no_agent_available");

  cluster.whatsapp_from(agent_ben, "/online");
  CHECK(!reply_containing(cluster, agent_ben, "You're online").empty());
  auto later = cluster.hand_off(second);
  REQUIRE(later.status == 200);
  CHECK(later.json().at("agent") == "Ben");
}

TEST_CASE("availability: /list, /who and /end answer the agent and act only on their own chats") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session(
      R"({"name":"Marta Silva","email":"marta@example.com","page_title":"Cargo Long","page_url":"https://shop.example/cargo","traits":{"plan":"pro"}})");
  auto handed = cluster.hand_off(s, R"({"mode":"live","name":"Marta Silva"})");
  REQUIRE(handed.status == 200);
  auto agent = std::string(handed.json().at("agent").as_string()) == "Ana" ? agent_ana : agent_ben;
  auto other = agent == agent_ana ? agent_ben : agent_ana;

  cluster.whatsapp_from(agent, "/list");
  CHECK(!reply_containing(cluster, agent, "#" + s.code + " Marta Silva").empty());
  cluster.whatsapp_from(agent, "/who " + s.code);
  auto who = reply_containing(cluster, agent, "marta@example.com");
  CHECK(who.find("Cargo Long") != std::string::npos);
  CHECK(who.find("plan: pro") != std::string::npos);
  // The other agent cannot look at it or end it.
  cluster.whatsapp_from(other, "/who #" + s.code);
  CHECK(!reply_containing(cluster, other, "You have no chat #" + s.code).empty());
  cluster.whatsapp_from(other, "/frobnicate");
  CHECK(!reply_containing(cluster, other, "There is no command /frobnicate").empty());

  cluster.whatsapp_from(agent, "/end " + s.code);
  CHECK(!reply_containing(cluster, agent, "has ended. The visitor was told.").empty());
  // An ended chat does not come back with the agent's next message.
  cluster.whatsapp_from(agent, "#" + s.code + " one more thing");
  CHECK(!reply_containing(cluster, agent, "is not open any more").empty());
  // The agent left, and the visitor is asked how it went; nothing came after.
  CHECK(eventually([&] {
    auto messages = cluster.messages(s);
    return messages.size() >= 2 && messages.at(messages.size() - 2).at("kind") == "agent_left" &&
           messages.back().at("kind") == "survey";
  }));
  // Commands are not messages to the visitor.
  for (const auto& text : texts_of(cluster.messages(s))) CHECK(text.find("/list") == std::string::npos);
  cluster.whatsapp_from(agent, "/list");
  CHECK(!reply_containing(cluster, agent, "You have no open chats.").empty());
}

TEST_CASE("availability: out of business hours nobody is offered and the next opening is given") {
  // Open only on a weekday that is not today (UTC), so the relay is closed now.
  std::string tomorrow = utc_weekday(1);
  std::string yesterday = utc_weekday(-1);
  Cluster cluster(
      {.relay_flags = {"--time-zone", "UTC", "--hours", yesterday + " 10:00-11:00; " + tomorrow + " 10:00-11:00"}});
  cluster.open_window(agent_ana);
  auto closed = availability(cluster);
  CHECK(closed.at("online") == false);
  CHECK(closed.at("agents_online") == 0);
  // Only what works while closed: a call-back in the opening hours.
  CHECK(boost::json::serialize(closed.at("options")) == R"(["callback"])");
  REQUIRE(closed.at("next_open").is_string());
  auto next = std::string(closed.at("next_open").as_string());
  CHECK(next.find("T10:00:00") != std::string::npos);
  auto s = cluster.open_session();
  auto refused = cluster.hand_off(s);
  CHECK(refused.status == 409);
  CHECK(refused.json().at("error").at("code") == "closed");

  TempDir dir;
  ChildProcess bad(BATON_RELAY_BIN,
                   {"--listen", "127.0.0.1:0", "--data", (dir / "d").string(), "--hours", "mon 17:00-09:00"},
                   dir / "bad");
  CHECK(bad.wait(std::chrono::seconds(10)) == 2);
  CHECK(bad.stderr_text().find("must end after it starts") != std::string::npos);
}

TEST_CASE("availability: /transfer passes a chat with its context, the new agent's replies reach the visitor") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session(R"({"name":"Marta Silva"})");
  cluster.post_message(s, "c1", "is the Cargo Long in stock?");
  auto handed = cluster.hand_off(s, R"({"mode":"live","name":"Marta Silva"})");
  REQUIRE(handed.status == 200);
  bool ana_has_it = handed.json().at("agent") == "Ana";
  auto from = ana_has_it ? agent_ana : agent_ben;
  auto to = ana_has_it ? agent_ben : agent_ana;
  std::string to_name = ana_has_it ? "ben" : "ANA";  // names in any case
  cluster.whatsapp_from(from, "/transfer " + to_name + " #" + s.code);
  CHECK(!reply_containing(cluster, from, "They have the whole conversation").empty());
  auto passed = reply_containing(cluster, to, "passed this chat to you");
  CHECK(passed.find("is the Cargo Long in stock?") != std::string::npos);
  CHECK(passed.find("#" + s.code) != std::string::npos);

  cluster.whatsapp_from(to, "Yes, two left in Lisbon.");
  CHECK(eventually([&] {
    auto texts = texts_of(cluster.messages(s));
    return texts.back() == "Yes, two left in Lisbon.";
  }));
  auto kinds = cluster.messages(s);
  bool left = false;
  for (const auto& m : kinds) left |= m.at("kind") == "agent_left";
  CHECK(left);
  cluster.whatsapp_from(from, "/list");
  CHECK(!reply_containing(cluster, from, "You have no open chats.").empty());
  // The old agent's plain reply, or a reply by code, no longer reaches the visitor.
  auto count = cluster.messages(s).size();
  cluster.whatsapp_from(from, "#" + s.code + " still there?");
  CHECK(!reply_containing(cluster, from, "is with").empty());
  CHECK(cluster.messages(s).size() == count);
  cluster.whatsapp_from(from, "/transfer Zed #" + s.code);
  CHECK(!reply_containing(cluster, from, "You have no chat #" + s.code).empty());
}

TEST_CASE("availability: a chat nobody takes in time offers the visitor the other ways, once, and stays queued") {
  Cluster cluster({.relay_flags = {"--queue-timeout-s", "1"}});
  auto s = cluster.open_session(R"({"language":"de-DE"})");
  REQUIRE(cluster.hand_off(s).status == 200);  // the agent never wrote: only a template reaches them
  auto offers = [&] {
    int n = 0;
    for (const auto& m : cluster.messages(s)) n += m.at("kind") == "handoff_offer" ? 1 : 0;
    return n;
  };
  REQUIRE(eventually([&] { return offers() == 1; }, std::chrono::seconds(20)));
  auto texts = texts_of(cluster.messages(s));
  CHECK(texts.back().find("Leider konnte noch niemand") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(6000));
  CHECK(offers() == 1);
  CHECK(cluster.hand_off(s).json().at("state") == "waiting");
}

TEST_CASE("availability: a waiting tab is told its place, which moves when the chat ahead is taken") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  cluster.whatsapp_from(agent_ben, "/away");  // every chat goes to Ana
  REQUIRE(!reply_containing(cluster, agent_ben, "You're away").empty());
  auto first = cluster.open_session(R"({"name":"First"})");
  auto second = cluster.open_session(R"({"name":"Second"})");
  REQUIRE(cluster.hand_off(first).status == 200);
  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(boost::json::serialize(
      boost::json::object{{"type", "hello"}, {"session_id", second.id}, {"token", second.token}, {"after", 1}}));
  REQUIRE(tab.next_of_type("welcome"));
  REQUIRE(cluster.hand_off(second).status == 200);
  auto place = tab.next_of_type("queue");
  REQUIRE(place);
  CHECK(place->at("ahead") == 1);
  CHECK(place->at("typical_wait_s").is_null());
  // Ana answers the first chat: the second is next.
  cluster.whatsapp_from(agent_ana, "#" + first.code + " Hello First!");
  auto moved = tab.next_of_type("queue");
  REQUIRE(moved);
  CHECK(moved->at("ahead") == 0);
}

TEST_CASE("availability: every present agent is offered a waiting chat with Accept, the first to accept has it") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session(R"({"name":"Marta Silva"})");
  cluster.post_message(s, "c1", "do you repair e-bikes?");
  auto handed = cluster.hand_off(s, R"({"mode":"live","name":"Marta Silva"})");
  REQUIRE(handed.status == 200);
  bool to_ana = handed.json().at("agent") == "Ana";
  auto chosen = to_ana ? agent_ana : agent_ben;
  auto other = to_ana ? agent_ben : agent_ana;
  auto other_name = to_ana ? std::string("Ben") : std::string("Ana");

  // The other agent's offer carries an Accept button.
  std::string button_id;
  REQUIRE(eventually([&] {
    for (const auto& m : cluster.sent_to(other)) {
      const auto& o = m.as_object();
      if (!o.contains("buttons") || boost::json::serialize(m).find("#" + s.code) == std::string::npos) continue;
      button_id = std::string(o.at("buttons").as_array().at(0).at("id").as_string());
      return true;
    }
    return false;
  }));
  boost::json::object tap{{"from", other},
                          {"type", "interactive"},
                          {"interactive_type", "button_reply"},
                          {"text", "Accept"},
                          {"reply_id", button_id}};
  REQUIRE(cluster.sim("POST", "/sim/inbound", boost::json::serialize(tap)).status == 200);
  CHECK(!reply_containing(cluster, other, "is yours").empty());
  CHECK(!reply_containing(cluster, chosen, "was taken by " + other_name).empty());
  auto context = reply_containing(cluster, other, "do you repair e-bikes?");
  CHECK(!context.empty());
  CHECK(eventually([&] {
    for (const auto& m : cluster.messages(s)) {
      if (m.at("kind") == "agent_joined" && m.at("author_name") == other_name) return true;
    }
    return false;
  }));
  // Too late for the first agent, by button or by command.
  cluster.whatsapp_from(chosen, "/take " + s.code);
  CHECK(!reply_containing(cluster, chosen, "Chat #" + s.code + " was taken by " + other_name).empty());
}

TEST_CASE("availability: with --assistant-after-end resume, an ended chat is back with the assistant") {
  Cluster cluster({.relay_flags = {"--assistant-after-end", "resume", "--faq",
                                   std::string(BATON_SOURCE_DIR) + "/web/demo/faq.md"}});
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session(R"({"language":"en"})");
  auto handed = cluster.hand_off(s);
  REQUIRE(handed.status == 200);
  auto agent = handed.json().at("agent") == "Ana" ? agent_ana : agent_ben;
  cluster.whatsapp_from(agent, "/end " + s.code);
  CHECK(!reply_containing(cluster, agent, "is back with the assistant").empty());
  CHECK(eventually([&] { return texts_of(cluster.messages(s)).back().find("You're back with the assistant") == 0; }));
  auto count = cluster.messages(s).size();
  cluster.post_message(s, "c1", "When is the showroom open?");
  CHECK(eventually([&] {
    auto messages = cluster.messages(s);
    return messages.size() == count + 2 && messages.back().at("author") == "bot";
  }));
  // A second handoff starts afresh.
  CHECK(cluster.hand_off(s).status == 200);
}

TEST_CASE("availability: an admin changes the business hours at once, they outlast a restart, and can be reset") {
  std::string tomorrow = utc_weekday(1);
  Cluster cluster;
  cluster.open_window(agent_ana);
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto before = cluster.relay("GET", "/v1/admin/hours", "", admin).json();
  CHECK(before.at("hours") == "24/7");
  CHECK(before.at("source") == "flags");
  CHECK(before.at("open_now") == true);

  // An open tab hears that the business just closed.
  auto watcher = cluster.open_session();
  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(boost::json::serialize(
      boost::json::object{{"type", "hello"}, {"session_id", watcher.id}, {"token", watcher.token}, {"after", 1}}));
  REQUIRE(tab.next_of_type("welcome"));
  REQUIRE(tab.next_of_type("availability"));

  auto bad = cluster.relay("PUT", "/v1/admin/hours", R"({"hours":"mon 17:00-09:00","time_zone":"UTC"})", admin);
  CHECK(bad.status == 400);
  CHECK(bad.json().at("error").at("code") == "invalid_hours");
  CHECK(cluster.relay("PUT", "/v1/admin/hours", R"({"hours":"mon 09:00-17:00","time_zone":"Mars/Olympus"})", admin)
            .status == 400);
  CHECK(cluster.relay("PUT", "/v1/admin/hours", R"({"hours":"daily 10:00-11:00"})").status == 401);

  auto set = cluster.relay("PUT", "/v1/admin/hours",
                           R"({"hours":")" + tomorrow + R"( 10:00-11:00","time_zone":"Europe/Lisbon"})", admin);
  REQUIRE(set.status == 200);
  CHECK(set.json().at("source") == "admin");
  CHECK(set.json().at("open_now") == false);
  CHECK(availability(cluster).at("online") == false);
  auto pushed = tab.next_of_type("availability");
  REQUIRE(pushed);
  CHECK(pushed->at("online") == false);
  CHECK(cluster.hand_off(cluster.open_session()).status == 409);

  // Kept over a restart.
  CHECK(cluster.stop_relay() == 0);
  cluster.start_relay();
  auto after = cluster.relay("GET", "/v1/admin/hours", "", admin).json();
  CHECK(after.at("time_zone") == "Europe/Lisbon");
  CHECK(after.at("open_now") == false);

  // Back to the flags.
  auto reset = cluster.relay("DELETE", "/v1/admin/hours", "", admin);
  REQUIRE(reset.status == 200);
  CHECK(reset.json().at("hours") == "24/7");
  CHECK(reset.json().at("source") == "flags");
  CHECK(cluster.hand_off(cluster.open_session()).status == 200);
}

TEST_CASE("availability: an admin sets the agents at once, one holding a chat keeps their number, kept and reset") {
  const std::string agent_cara = "+15551230003";
  Cluster cluster;
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto before = cluster.relay("GET", "/v1/admin/agents", "", admin).json();
  CHECK(before.at("source") == "flags");
  CHECK(before.at("agents").as_array().size() == 2);
  CHECK(before.at("whatsapp_configured") == true);

  // Each problem is named, and nothing changes.
  auto refused = [&](const std::string& body, const std::string& needle) {
    auto r = cluster.relay("PUT", "/v1/admin/agents", body, admin);
    CHECK(r.status == 400);
    CHECK(r.json().at("error").at("code") == "invalid_agents");
    CHECK(std::string(r.json().at("error").at("message").as_string()).find(needle) != std::string::npos);
  };
  refused(R"({"agents":[{"name":"Cara","phone":"555"}]})", "international number");
  refused(R"({"agents":[{"name":"Cara","phone":"+15551230003"},{"name":"cara","phone":"+15551230004"}]})",
          "two agents are called");
  refused(R"({"agents":[{"name":"Cara","phone":"+15551230003"},{"name":"Dan","phone":"+1 555 123 0003"}]})",
          "the same number");
  refused(R"({"agents":[{"name":"Cara","phone":"+15551230003","capacity":101}]})", "capacity");
  refused(R"({"agents":[{"name":" ","phone":"+15551230003"}]})", "a name of 1 to 60");
  refused(R"x({"agents":[{"name":"Cara","phone":"+15551230003","photo":"javascript:alert(1)"}]})x", "photo");
  refused(R"({"agents":"Cara"})", "a list");
  CHECK(cluster.relay("GET", "/v1/admin/agents", "", admin).json().at("source") == "flags");

  // Only Cara now, with room for two: the next chat is hers, without a restart.
  auto set = cluster.relay("PUT", "/v1/admin/agents",
                           R"({"agents":[{"name":"Cara","phone":"+1 (555) 123-0003","capacity":2}]})", admin);
  REQUIRE(set.status == 200);
  CHECK(set.json().at("source") == "admin");
  auto cara = set.json().at("agents").at(0);
  CHECK(cara.at("phone") == agent_cara);
  CHECK(cara.at("capacity") == 2);
  CHECK(cara.at("own_capacity") == 2);
  cluster.open_window(agent_cara);
  auto chat = cluster.open_session(R"({"name":"Marta"})");
  auto handed = cluster.hand_off(chat);
  REQUIRE(handed.status == 200);
  CHECK(handed.json().at("agent") == "Cara");
  CHECK(!reply_containing(cluster, agent_cara, "#" + chat.code).empty());

  // Cara holds the chat: she may be renamed, not removed or given another number.
  auto busy = cluster.relay("PUT", "/v1/admin/agents", R"({"agents":[{"name":"Ben","phone":"+15551230002"}]})", admin);
  CHECK(busy.status == 409);
  CHECK(busy.json().at("error").at("code") == "agent_busy");
  CHECK(std::string(busy.json().at("error").at("message").as_string()).find("Cara still has 1 open chat") !=
        std::string::npos);
  auto renamed = cluster.relay("PUT", "/v1/admin/agents",
                               R"({"agents":[{"name":"Carolina","phone":"+15551230003"},)"
                               R"({"name":"Ben","phone":"+15551230002"}]})",
                               admin);
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json().at("agents").at(0).at("open_chats") == 1);
  CHECK(renamed.json().at("agents").at(0).at("own_capacity").is_null());

  // Kept over a restart.
  CHECK(cluster.stop_relay() == 0);
  cluster.start_relay();
  auto after = cluster.relay("GET", "/v1/admin/agents", "", admin).json();
  CHECK(after.at("source") == "admin");
  REQUIRE(after.at("agents").as_array().size() == 2);
  CHECK(after.at("agents").at(0).at("name") == "Carolina");

  // Back to --agents only once Carolina's chat is over.
  CHECK(cluster.relay("DELETE", "/v1/admin/agents", "", admin).status == 409);
  cluster.whatsapp_from(agent_cara, "/end");
  eventually([&] {
    return cluster.relay("GET", "/v1/admin/agents", "", admin).json().at("agents").at(0).at("open_chats") == 0;
  });
  auto reset = cluster.relay("DELETE", "/v1/admin/agents", "", admin);
  REQUIRE(reset.status == 200);
  CHECK(reset.json().at("source") == "flags");
  CHECK(reset.json().at("agents").at(0).at("name") == "Ana");
  auto entries = cluster.relay("GET", "/v1/admin/audit", "", admin).json().at("entries").as_array();
  REQUIRE(entries.size() >= 3);
  CHECK(entries[0].at("action") == "reset_agents");
  CHECK(entries[0].at("outcome") == "done");
}
