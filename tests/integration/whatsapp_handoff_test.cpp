// "Continue on WhatsApp" in the real relay with wa-sim: the template to the
// visitor, the wa.me link and QR code, the visitor's WhatsApp joining the
// chat, and every message reaching every side once.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

const std::string visitor_phone = "+351912345678";

// Texts the business sent to `phone`, in order.
std::vector<std::string> bodies_to(const Cluster& cluster, const std::string& phone) {
  std::vector<std::string> out;
  for (const auto& m : cluster.sent_to(phone)) out.emplace_back(m.at("body").as_string());
  return out;
}

bool sent_containing(const Cluster& cluster, const std::string& phone, const std::string& needle) {
  for (const auto& body : bodies_to(cluster, phone)) {
    if (body.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::size_t count_containing(const std::vector<std::string>& texts, const std::string& needle) {
  std::size_t n = 0;
  for (const auto& t : texts)
    if (t.find(needle) != std::string::npos) ++n;
  return n;
}

std::string continue_body(const std::string& phone = visitor_phone) {
  return R"({"mode":"whatsapp","name":"Rui","phone":")" + phone + R"(","consent":true})";
}

}  // namespace

TEST_CASE("whatsapp handoff: consent and a valid number are required, nothing is sent without them") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  auto s = cluster.open_session();
  auto no_consent = cluster.hand_off(s, R"({"mode":"whatsapp","phone":"+351912345678"})");
  CHECK(no_consent.status == 400);
  CHECK(no_consent.json().at("error").at("code") == "consent_required");
  auto bad_phone = cluster.hand_off(s, R"({"mode":"whatsapp","phone":"12","consent":true})");
  CHECK(bad_phone.status == 400);
  CHECK(bad_phone.json().at("error").at("code") == "invalid_phone");
  auto agents_number = cluster.hand_off(s, continue_body(agent_ben));
  CHECK(agents_number.status == 400);
  CHECK(cluster.sent_to(visitor_phone).empty());
  CHECK(cluster.relay("GET", "/v1/sessions/" + s.id + "/handoff", "", s.auth()).json().at("state") == "bot");
}

TEST_CASE("whatsapp handoff: the visitor's WhatsApp joins the chat, agent, widget and WhatsApp stay in step") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  cluster.whatsapp_from(agent_ben, "/away");  // the chat goes to Ana
  REQUIRE(eventually([&] { return sent_containing(cluster, agent_ben, "away"); }));
  auto s = cluster.open_session(R"({"name":"Rui","language":"pt-PT"})");
  cluster.post_message(s, "c1", "do you deliver to Porto?");

  auto handed = cluster.hand_off(s, continue_body());
  REQUIRE(handed.status == 200);
  auto state = handed.json().as_object();
  CHECK(state.at("mode") == "whatsapp");
  CHECK(state.at("agent") == "Ana");
  const auto& wa = state.at("whatsapp").as_object();
  CHECK(wa.at("phone") == visitor_phone);
  CHECK(wa.at("link") == "https://wa.me/15550001234?text=Chat%20%23" + s.code);
  CHECK(std::string(wa.at("qr").as_string()).starts_with("data:image/svg+xml;base64,"));
  CHECK(wa.at("joined") == false);

  // The visitor gets the approved template naming the chat; asking again sends no second one.
  REQUIRE(eventually([&] { return !cluster.sent_to(visitor_phone).empty(); }));
  auto first = cluster.sent_to(visitor_phone).front().as_object();
  CHECK(first.at("type") == "template");
  CHECK(std::string(first.at("body").as_string()).find("#" + s.code) != std::string::npos);
  CHECK(cluster.hand_off(s, continue_body()).status == 200);
  // The agent has the context and hears where the visitor went.
  REQUIRE(eventually([&] { return sent_containing(cluster, agent_ana, "continues on WhatsApp (" + visitor_phone); }));

  // Ana writes before the visitor has written on WhatsApp: the copy waits for their window.
  cluster.whatsapp_from(agent_ana, "#" + s.code + " Hello Rui, yes we deliver to Porto.");
  REQUIRE(eventually([&] { return count_containing(texts_of(cluster.messages(s)), "we deliver to Porto") == 1; }));
  CHECK(cluster.sent_to(visitor_phone).size() == 1);

  // The visitor writes from WhatsApp with the code the link typed: they join,
  // what waited arrives, and their words reach the agent and the widget.
  cluster.whatsapp_from(visitor_phone, "Chat #" + s.code + " great, how long does it take?");
  REQUIRE(eventually([&] { return sent_containing(cluster, visitor_phone, "*Ana*: Hello Rui"); }));
  REQUIRE(eventually([&] { return sent_containing(cluster, agent_ana, "great, how long does it take?"); }));
  auto texts = texts_of(cluster.messages(s));
  CHECK(count_containing(texts, "great, how long does it take?") == 1);
  CHECK(count_containing(texts, "entrou nesta conversa") == 1);  // pt-PT: in the visitor's language
  CHECK(cluster.relay("GET", "/v1/sessions/" + s.id + "/handoff", "", s.auth()).json().at("whatsapp").at("joined") ==
        true);

  // A plain WhatsApp message goes to the same chat; the widget's words reach WhatsApp too.
  cluster.whatsapp_from(visitor_phone, "and the price?");
  REQUIRE(eventually([&] { return sent_containing(cluster, agent_ana, "and the price?"); }));
  cluster.post_message(s, "c2", "(from my laptop) thanks!");
  REQUIRE(eventually([&] { return sent_containing(cluster, visitor_phone, "(website) (from my laptop) thanks!"); }));
  cluster.whatsapp_from(agent_ana, "5 days, 20 euros.");
  REQUIRE(eventually([&] { return sent_containing(cluster, visitor_phone, "*Ana*: 5 days, 20 euros."); }));
  REQUIRE(eventually([&] { return count_containing(texts_of(cluster.messages(s)), "5 days, 20 euros.") == 1; }));

  // Nothing went twice: each agent message reached the visitor's WhatsApp once.
  auto to_visitor = bodies_to(cluster, visitor_phone);
  CHECK(count_containing(to_visitor, "Hello Rui") == 1);
  CHECK(count_containing(to_visitor, "5 days, 20 euros.") == 1);
  CHECK(count_containing(bodies_to(cluster, agent_ana), "and the price?") == 1);

  // Ana ends the chat: the visitor's WhatsApp hears it, in their language; later words are answered, not lost
  // silently.
  cluster.whatsapp_from(agent_ana, "/end " + s.code);
  REQUIRE(eventually([&] { return sent_containing(cluster, visitor_phone, "Ana encerrou esta conversa"); }));
  cluster.whatsapp_from(visitor_phone, "one more thing");
  REQUIRE(
      eventually([&] { return sent_containing(cluster, visitor_phone, "A conversa #" + s.code + " foi encerrada"); }));
  CHECK(count_containing(texts_of(cluster.messages(s)), "one more thing") == 0);
}

TEST_CASE("whatsapp handoff: another number with the code cannot join someone else's chat") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s, continue_body()).status == 200);
  const std::string stranger = "+4915112345678";
  cluster.whatsapp_from(stranger, "Chat #" + s.code + " let me in");
  REQUIRE(eventually([&] { return sent_containing(cluster, stranger, "cannot continue from this number"); }));
  CHECK(count_containing(texts_of(cluster.messages(s)), "let me in") == 0);
  CHECK(!sent_containing(cluster, agent_ana, "let me in"));
}

TEST_CASE("whatsapp handoff: one number gets at most three continue templates a day") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  for (int i = 0; i < 3; ++i) {
    auto s = cluster.open_session();
    REQUIRE(cluster.hand_off(s, continue_body()).status == 200);
  }
  auto s = cluster.open_session();
  auto refused = cluster.hand_off(s, continue_body());
  CHECK(refused.status == 429);
  CHECK(cluster.relay("GET", "/v1/sessions/" + s.id + "/handoff", "", s.auth()).json().at("state") == "bot");
}

TEST_CASE(
    "whatsapp handoff: a number typed by someone else gets nothing but the template, and its messages stay its own") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  const std::string victim = "+4915112345678";
  // The victim has a chat of their own, already on WhatsApp and joined.
  auto own = cluster.open_session();
  REQUIRE(cluster.hand_off(own, continue_body(victim)).status == 200);
  cluster.whatsapp_from(victim, "Chat #" + own.code + " hello, it's me");
  REQUIRE(eventually([&] { return count_containing(texts_of(cluster.messages(own)), "hello, it's me") == 1; }));

  // Someone else types the victim's number into another chat, and keeps writing there.
  auto attacker = cluster.open_session();
  REQUIRE(cluster.hand_off(attacker, continue_body(victim)).status == 200);
  cluster.post_message(attacker, "a1", "buy cheap watches at example.test");
  cluster.whatsapp_from(agent_ana, "#" + attacker.code + " How can I help?");
  REQUIRE(eventually([&] { return count_containing(texts_of(cluster.messages(attacker)), "How can I help?") == 1; }));

  // The victim writes plainly: it goes to their own joined chat, not the newer one.
  cluster.whatsapp_from(victim, "any news on my order?");
  REQUIRE(eventually([&] { return count_containing(texts_of(cluster.messages(own)), "any news on my order?") == 1; }));
  CHECK(count_containing(texts_of(cluster.messages(attacker)), "any news on my order?") == 0);
  CHECK(count_containing(texts_of(cluster.messages(attacker)), "joined this chat") == 0);
  // Nothing of the other chat reached the victim but its one template.
  auto to_victim = bodies_to(cluster, victim);
  CHECK(count_containing(to_victim, "cheap watches") == 0);
  CHECK(count_containing(to_victim, "How can I help?") == 0);
}

TEST_CASE("whatsapp handoff: a number replaced by the visitor cannot join by replying to its template") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  const std::string typo = "+4915112340000";
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s, continue_body(typo)).status == 200);
  REQUIRE(eventually([&] { return !cluster.sent_to(typo).empty(); }));
  auto template_id = std::string(cluster.sent_to(typo).front().at("id").as_string());
  REQUIRE(cluster.hand_off(s, continue_body()).status == 200);  // corrected
  cluster.whatsapp_from(typo, "who is this?", template_id);
  cluster.whatsapp_from(visitor_phone, "it's me, the right number", std::string());
  // The right number wrote plainly before joining: nothing joins that way either.
  cluster.whatsapp_from(visitor_phone, "Chat #" + s.code + " now with the code");
  REQUIRE(eventually([&] { return count_containing(texts_of(cluster.messages(s)), "now with the code") == 1; }));
  auto texts = texts_of(cluster.messages(s));
  CHECK(count_containing(texts, "who is this?") == 0);
  CHECK(count_containing(texts, "it's me, the right number") == 0);
  // The right number was told how to join when it wrote plainly.
  CHECK(sent_containing(cluster, visitor_phone, "To continue chat #" + s.code));
  CHECK(!sent_containing(cluster, agent_ana, "who is this?"));
}

TEST_CASE("whatsapp handoff: after /end the visitor rates the chat from a list of stars on WhatsApp, once") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  cluster.whatsapp_from(agent_ben, "/away");  // the chat goes to Ana
  REQUIRE(eventually([&] { return sent_containing(cluster, agent_ben, "away"); }));
  auto s = cluster.open_session(R"({"name":"Rui","language":"pt-PT"})");
  REQUIRE(cluster.hand_off(s, continue_body()).status == 200);
  REQUIRE(eventually([&] { return !cluster.sent_to(visitor_phone).empty(); }));
  cluster.whatsapp_from(visitor_phone, "Chat #" + s.code + " olá");
  REQUIRE(eventually([&] { return sent_containing(cluster, agent_ana, "olá"); }));
  cluster.whatsapp_from(agent_ana, "/end " + s.code);

  // The survey: in the widget's log, and on WhatsApp as a list of one to five stars, in Portuguese.
  boost::json::object list;
  REQUIRE(eventually([&] {
    for (const auto& m : cluster.sent_to(visitor_phone)) {
      if (m.as_object().contains("list")) list = m.as_object();
    }
    return !list.empty();
  }));
  CHECK(std::string(list.at("body").as_string()).find("Como foi a sua conversa com Ana?") == 0);
  auto rows = list.at("list").at("rows").as_array();
  REQUIRE(rows.size() == 5);
  CHECK(rows[3].at("title") == "★★★★ 4");
  std::string survey_id;
  for (const auto& m : cluster.messages(s)) {
    if (m.at("kind") == "survey") survey_id = std::string(m.at("id").as_string());
  }
  REQUIRE(!survey_id.empty());
  CHECK(rows[3].at("id") == "rate:" + survey_id + ":4");

  // Four stars tapped, then five: the first answer stands; the visitor is thanked once.
  auto tap = [&](int n) {
    boost::json::object reply{{"from", visitor_phone},
                              {"type", "interactive"},
                              {"interactive_type", "list_reply"},
                              {"text", rows[static_cast<std::size_t>(n - 1)].at("title")},
                              {"reply_id", rows[static_cast<std::size_t>(n - 1)].at("id")},
                              {"reply_to", list.at("id")}};
    REQUIRE(cluster.sim("POST", "/sim/inbound", boost::json::serialize(reply)).status == 200);
  };
  tap(4);
  REQUIRE(
      eventually([&] { return count_containing(texts_of(cluster.messages(s)), "Obrigado pela sua avaliação") == 1; }));
  tap(5);
  auto metrics = [&] {
    return cluster.relay("GET", "/v1/admin/analytics?by=agent", "", {{"Authorization", "Bearer " + admin_token}})
        .json();
  };
  REQUIRE(eventually([&] { return metrics().at("total").at("satisfaction").at("count") == 1; }));
  auto figures = metrics();
  CHECK(figures.at("total").at("satisfaction").at("average").as_double() == doctest::Approx(4.0));
  CHECK(figures.at("total").at("satisfaction").at("csat").as_double() == doctest::Approx(1.0));
  CHECK(count_containing(texts_of(cluster.messages(s)), "Obrigado pela sua avaliação") == 1);
  // No tapped star is a message to the agent.
  CHECK_FALSE(sent_containing(cluster, agent_ana, "★"));
}

TEST_CASE("whatsapp handoff: a Mexican agent writing from the Cloud API's 521 form is the agent the owner typed") {
  // The owner types today's form; wa-sim, like the Cloud API, reports the
  // sender as 5215512345678 (tools/wa-sim/wa_id_form.hpp).
  const std::string mia = "+525512345678";
  Cluster cluster({.relay_flags = {"--agents", "Mia:" + mia}});
  cluster.whatsapp_from(mia, "/online");
  REQUIRE(eventually([&] { return cluster.relay("GET", "/v1/availability").json().at("online") == true; }));
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s).status == 200);
  REQUIRE(eventually([&] {
    for (const auto& line : cluster.lines_sent_to(mia)) {
      if (line.find("#" + s.code) != std::string::npos) return true;
    }
    return false;
  }));
  cluster.whatsapp_from(mia, "/take " + s.code);
  cluster.whatsapp_from(mia, "Hola, soy Mia.");
  REQUIRE(eventually([&] {
    auto log = cluster.messages(s);
    return !log.empty() && log.back().at("author") == "agent" && log.back().at("text") == "Hola, soy Mia.";
  }));
  // The visitor's answer reaches her, inside the window her 521 messages opened.
  cluster.post_message(s, "c1", "Gracias, Mia");
  REQUIRE(eventually([&] {
    for (const auto& line : cluster.lines_sent_to(mia)) {
      if (line.find("Gracias, Mia") != std::string::npos) return true;
    }
    return false;
  }));
}

TEST_CASE(
    "whatsapp handoff: when the visitor's number is not on WhatsApp, the agent learns they are still in the "
    "widget") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  REQUIRE(cluster.sim("POST", "/sim/faults", R"({"kind":"undeliverable","phone":")" + visitor_phone + R"("})").status ==
          200);
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s, continue_body()).status == 200);
  auto told = [&](const std::string& agent) {
    return sent_containing(cluster, agent, "#" + s.code + ": WhatsApp could not deliver our message") &&
           sent_containing(cluster, agent, "still in the website's chat");
  };
  CHECK(eventually([&] { return told(agent_ana) || told(agent_ben); }));
  auto widget_told = [&] {
    for (const auto& m : cluster.messages(s)) {
      if (m.at("text").as_string().find("We could not reach your WhatsApp") != std::string::npos) return true;
    }
    return false;
  };
  CHECK(eventually(widget_told));
}

TEST_CASE("whatsapp handoff: reactions cross between the two WhatsApps as reactions, on the message reacted to") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  cluster.open_window(agent_ana);
  auto s = cluster.open_session(R"({"name":"Rui"})");
  REQUIRE(cluster.hand_off(s, continue_body()).status == 200);
  auto visitor_hello = cluster.whatsapp_from(visitor_phone, "Chat #" + s.code + " is the blue one in stock?");
  boost::json::object copy_to_ana;
  REQUIRE(eventually([&] {
    for (const auto& m : cluster.sent_to(agent_ana)) {
      if (std::string(m.at("body").as_string()).find("blue one in stock") != std::string::npos) {
        copy_to_ana = m.as_object();
        return true;
      }
    }
    return false;
  }));
  auto react = [&](const std::string& from, const std::string& wamid, const std::string& emoji) {
    boost::json::object body{{"from", from}, {"type", "reaction"}, {"reply_to", wamid}, {"emoji", emoji}};
    REQUIRE(cluster.sim("POST", "/sim/inbound", boost::json::serialize(body)).status == 200);
  };
  auto reactions_to = [&](const std::string& phone) {
    std::vector<boost::json::object> out;
    for (const auto& m : cluster.sent_to(phone)) {
      if (m.at("type") == "reaction") out.push_back(m.as_object());
    }
    return out;
  };

  // Ana reacts to the copy she got: the visitor's own message gets the reaction.
  react(agent_ana, std::string(copy_to_ana.at("id").as_string()), "👍");
  REQUIRE(eventually([&] { return reactions_to(visitor_phone).size() == 1; }));
  auto on_visitor = reactions_to(visitor_phone)[0];
  CHECK(on_visitor.at("context_id") == visitor_hello.c_str());
  CHECK(on_visitor.at("body") == "👍");

  // Ana answers; the visitor reacts to the copy they got: Ana's own message gets it.
  auto ana_answer = cluster.whatsapp_from(agent_ana, "#" + s.code + " yes, two left");
  boost::json::object copy_to_rui;
  REQUIRE(eventually([&] {
    for (const auto& m : cluster.sent_to(visitor_phone)) {
      if (std::string(m.at("body").as_string()).find("two left") != std::string::npos) {
        copy_to_rui = m.as_object();
        return true;
      }
    }
    return false;
  }));
  react(visitor_phone, std::string(copy_to_rui.at("id").as_string()), "❤️");
  REQUIRE(eventually([&] { return reactions_to(agent_ana).size() == 1; }));
  CHECK(reactions_to(agent_ana)[0].at("context_id") == ana_answer.c_str());
  // No text line says it instead.
  std::size_t as_text = 0;
  for (const auto& m : cluster.sent_to(agent_ana)) {
    if (m.at("type") == "text" && std::string(m.at("body").as_string()).find("❤️") != std::string::npos) ++as_text;
  }
  CHECK(as_text == 0);
  // The widget shows both on their messages.
  std::size_t shown = 0;
  for (const auto& m : cluster.messages(s)) {
    if (m.at("kind") == "reaction" && m.as_object().contains("about")) ++shown;
  }
  CHECK(shown == 2);
}

namespace {

// The first message the business sent `phone` whose text holds `needle`.
boost::json::object sent_with(const Cluster& cluster, const std::string& phone, const std::string& needle) {
  for (const auto& m : cluster.sent_to(phone)) {
    if (std::string(m.at("body").as_string()).find(needle) != std::string::npos) return m.as_object();
  }
  return {};
}

std::string change(const Cluster& cluster, const std::string& from, const std::string& type,
                   const std::string& original, const std::string& text = "") {
  boost::json::object body{{"from", from}, {"type", type}, {"original", original}};
  if (!text.empty()) body["text"] = text;
  auto reply = cluster.sim("POST", "/sim/inbound", boost::json::serialize(body));
  REQUIRE(reply.status == 200);
  return std::string(boost::json::parse(reply.body).at("id").as_string());
}

}  // namespace

TEST_CASE("whatsapp handoff: edits and deletions rewrite the transcript, and the other WhatsApp hears of them") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  cluster.open_window(agent_ana);
  auto s = cluster.open_session(R"({"name":"Rui"})");
  REQUIRE(cluster.hand_off(s, continue_body()).status == 200);
  auto visitor_hello = cluster.whatsapp_from(visitor_phone, "Chat #" + s.code + " my order is 1234");
  REQUIRE(eventually([&] { return !sent_with(cluster, agent_ana, "my order is 1234").empty(); }));
  auto copy_to_ana = sent_with(cluster, agent_ana, "my order is 1234");

  // The visitor corrects the number on their phone: the widget's line
  // changes, and Ana gets the correction as a reply to the copy she has.
  change(cluster, visitor_phone, "edit", visitor_hello, "Chat #" + s.code + " my order is 1243");
  REQUIRE(eventually([&] { return !sent_with(cluster, agent_ana, "edited: my order is 1243").empty(); }));
  CHECK(sent_with(cluster, agent_ana, "edited: my order is 1243").at("context_id") == copy_to_ana.at("id"));
  auto find_in_widget = [&](const std::string& kind, const std::string& text) {
    for (const auto& m : cluster.messages(s)) {
      if (m.at("kind") == kind.c_str() && m.at("text") == text.c_str()) return m.as_object();
    }
    return boost::json::object{};
  };
  CHECK_FALSE(find_in_widget("text", "my order is 1243").empty());
  CHECK(find_in_widget("text", "my order is 1234").empty());
  CHECK_FALSE(find_in_widget("edit", "my order is 1243").empty());

  // Ana answers, then deletes her answer: the visitor's WhatsApp hears of it
  // in reply to the copy it got, and the widget keeps only a mark.
  auto ana_answer = cluster.whatsapp_from(agent_ana, "#" + s.code + " your parcel is lost");
  REQUIRE(eventually([&] { return !sent_with(cluster, visitor_phone, "your parcel is lost").empty(); }));
  auto copy_to_rui = sent_with(cluster, visitor_phone, "your parcel is lost");
  change(cluster, agent_ana, "revoke", ana_answer);
  REQUIRE(eventually([&] { return !sent_with(cluster, visitor_phone, "Ana deleted this message").empty(); }));
  CHECK(sent_with(cluster, visitor_phone, "Ana deleted this message").at("context_id") == copy_to_rui.at("id"));
  std::size_t marks = 0;
  for (const auto& m : cluster.messages(s)) {
    CHECK(std::string(m.at("text").as_string()).find("parcel is lost") == std::string::npos);
    if (m.at("kind") == "deleted") ++marks;
  }
  CHECK(marks == 2);  // the message itself, and the entry that told the tabs

  // A number without the edit webhook gets it as "unsupported": nothing
  // changes, and the visitor learns that the chat still shows the first text.
  REQUIRE(cluster.sim("POST", "/sim/settings", R"({"edit_webhooks":"unsupported"})").status == 200);
  auto visitor_again = cluster.whatsapp_from(visitor_phone, "it is order 1243");
  change(cluster, visitor_phone, "edit", visitor_again, "it is order 9999");
  CHECK(eventually([&] { return !sent_with(cluster, visitor_phone, "did not pass on your change").empty(); }));
  CHECK(find_in_widget("text", "it is order 9999").empty());
  for (const auto& m : cluster.messages(s)) CHECK(m.at("kind") != "unsupported");
}
