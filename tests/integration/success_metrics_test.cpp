// GET /v1/admin/analytics: the success metrics of a recorded set of chats,
// made through the real API and WhatsApp, checked against figures worked
// out in the test from the chats' own transcripts.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <sstream>

#include "common/time_format.hpp"
#include "tests/support/cluster.hpp"
#include "tests/support/model_server.hpp"

using namespace baton::test;

namespace {

Headers admin() { return {{"Authorization", "Bearer " + admin_token}}; }

// Seconds from the first message of `from_kind` to the first after it that
// `matches`, read from the transcript as the visitor's tab sees it.
double seconds_between(const boost::json::array& log, const std::string& from_kind,
                       const std::function<bool(const boost::json::object&)>& matches) {
  std::optional<std::int64_t> start;
  for (const auto& m : log) {
    auto ts = *baton::parse_rfc3339(std::string(m.at("ts").as_string()));
    if (!start) {
      if (m.at("kind") == from_kind) start = ts;
    } else if (matches(m.as_object())) {
      return static_cast<double>(ts - *start) / 1000.0;
    }
  }
  FAIL("not in the transcript");
  return 0;
}

const boost::json::object& group(const boost::json::value& metrics, const std::string& key) {
  for (const auto& g : metrics.at("groups").as_array()) {
    if (g.at("key") == key) return g.as_object();
  }
  FAIL("no group " << key);
  static boost::json::object none;
  return none;
}

}  // namespace

TEST_CASE("success metrics: handoff rate, first reply and resolution, by way, agent and day, as JSON and CSV") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  // One chat with the assistant only, one with a person to the end, one call booked.
  auto alone = cluster.open_session();
  REQUIRE(cluster.post_message(alone, "a1", "do you ship to Spain?").status == 201);
  auto live = cluster.open_session();
  auto agent = cluster.take_chat(live);
  cluster.whatsapp_from(agent, "Hello, I can help.");
  cluster.whatsapp_from(agent, "/end " + live.code);
  auto caller = cluster.open_session();
  auto slots = cluster.relay("GET", "/v1/availability/slots?days=7").json().at("slots").as_array();
  REQUIRE(cluster
              .hand_off(caller, R"({"mode":"callback","name":"Lena","phone":"+4915112345678","consent":true,"slot":")" +
                                    std::string(slots.back().at("start").as_string()) + R"("})")
              .status == 200);
  boost::json::array log;
  REQUIRE(eventually([&] {
    log = cluster.messages(live);
    for (const auto& m : log) {
      if (m.at("kind") == "agent_left") return true;
    }
    return false;
  }));
  auto first_reply = seconds_between(log, "handoff_requested", [](const auto& m) { return m.at("author") == "agent"; });
  auto resolution = seconds_between(log, "handoff_requested",
                                    [](const auto& m) { return m.at("kind") == "agent_left"; });

  auto by_way = cluster.relay("GET", "/v1/admin/analytics?by=way", "", admin());
  REQUIRE(by_way.status == 200);
  auto metrics = by_way.json();
  CHECK(metrics.at("chats_read") == 3);
  CHECK(metrics.at("truncated") == false);
  const auto& total = metrics.at("total").as_object();
  CHECK(total.at("chats") == 3);
  CHECK(total.at("handed_off") == 2);
  CHECK(total.at("handoff_rate").as_double() == doctest::Approx(2.0 / 3.0));
  CHECK(group(metrics, "(assistant only)").at("chats") == 1);
  CHECK(group(metrics, "callback").at("handed_off") == 1);
  CHECK(group(metrics, "callback").at("first_reply_s").at("count") == 0);
  const auto& person = group(metrics, "live");
  CHECK(person.at("first_reply_s").at("count") == 1);
  CHECK(person.at("first_reply_s").at("median").as_double() == doctest::Approx(first_reply).epsilon(0.001));
  CHECK(person.at("resolution_s").at("median").as_double() == doctest::Approx(resolution).epsilon(0.001));
  CHECK(person.at("resolution_s").at("p90").as_double() == doctest::Approx(resolution).epsilon(0.001));
  CHECK(boost::json::serialize(metrics.at("not_measured")) == R"(["cost_per_resolution"])");
  CHECK(total.at("cost").is_null());
  CHECK(total.at("converted") == 0);

  auto by_agent = cluster.relay("GET", "/v1/admin/analytics?by=agent", "", admin()).json();
  CHECK(group(by_agent, agent == agent_ana ? "Ana" : "Ben").at("first_reply_s").at("count") == 1);
  CHECK(group(by_agent, "(no person)").at("chats") == 1);
  auto by_day = cluster.relay("GET", "/v1/admin/analytics", "", admin()).json();
  // One day, or two if the test ran across midnight (UTC): three chats in all.
  auto days = by_day.at("groups").as_array();
  REQUIRE((days.size() == 1 || days.size() == 2));
  std::int64_t chats = 0;
  for (const auto& day : days) chats += day.at("chats").to_number<std::int64_t>();
  CHECK(chats == 3);

  // A period with none of them.
  auto empty = cluster.relay("GET", "/v1/admin/analytics?from=2020-01-01&to=2020-01-08", "", admin()).json();
  CHECK(empty.at("total").at("chats") == 0);
  CHECK(empty.at("total").at("handoff_rate").is_null());

  auto csv = cluster.relay("GET", "/v1/admin/analytics?by=way&format=csv", "", admin());
  REQUIRE(csv.status == 200);
  CHECK(csv.header("content-type").starts_with("text/csv"));
  CHECK(csv.body.starts_with("way,chats,handed_off,handoff_rate,"));
  CHECK(csv.body.find("\r\n\"total\",3,2,0.667,") != std::string::npos);

  // The counters among them are on /metrics too.
  auto exposition = cluster.relay("GET", "/metrics").body;
  CHECK(exposition.find("\nbaton_chats_started_total 3\n") != std::string::npos);
  CHECK(exposition.find("\nbaton_handoffs_total{way=\"live\"} 1\n") != std::string::npos);
  CHECK(exposition.find("\nbaton_handoffs_total{way=\"callback\"} 1\n") != std::string::npos);

  CHECK(cluster.relay("GET", "/v1/admin/analytics").status == 401);
  CHECK(cluster.relay("GET", "/v1/admin/analytics?by=week", "", admin()).status == 400);
  CHECK(cluster.relay("GET", "/v1/admin/analytics?from=2026-02-01&to=2026-01-01", "", admin()).status == 400);
  CHECK(cluster.relay("GET", "/v1/admin/analytics?from=yesterday", "", admin()).status == 400);
  CHECK(cluster.relay("GET", "/v1/admin/analytics?format=xml", "", admin()).status == 400);
}

TEST_CASE("success metrics: conversions the page reports after a chat, once each, within the owner's window") {
  Cluster cluster;
  auto buyer = cluster.open_session();
  auto browser = cluster.open_session();
  auto convert = [&](const VisitorSession& s, const std::string& body) {
    return cluster.relay("POST", "/v1/sessions/" + s.id + "/conversions", body, s.auth());
  };
  CHECK(convert(buyer, R"({"cid":"order-1","event":"purchase","value":42.5,"currency":"EUR"})").status == 201);
  // A retry of the same conversion (the page reloaded) is not counted again.
  auto again = convert(buyer, R"({"cid":"order-1","event":"purchase","value":42.5,"currency":"EUR"})");
  CHECK(again.status == 200);
  CHECK(again.json().at("recorded") == false);
  CHECK(convert(buyer, R"({"cid":"order-2","event":"purchase","value":10,"currency":"EUR"})").status == 201);
  CHECK(convert(buyer, R"({"cid":"signup","event":"newsletter"})").status == 201);
  // Three recorded, the retry not: the counter on /metrics agrees.
  CHECK(cluster.relay("GET", "/metrics").body.find("baton_conversions_total 3") != std::string::npos);
  // Bad input is refused with the reason, and stores nothing.
  for (const char* bad :
       {R"({"cid":"o 3","event":"purchase"})", R"({"cid":"o3","event":""})",
        R"({"cid":"o3","event":"purchase","value":5})", R"({"cid":"o3","event":"purchase","value":5,"currency":"eur"})",
        R"({"cid":"o3","event":"purchase","value":-1,"currency":"EUR"})",
        R"({"cid":"o3","event":"purchase","value":"5","currency":"EUR"})", "[]"}) {
    auto refused = convert(buyer, bad);
    CHECK(refused.status == 400);
  }
  // Only the chat's own token counts a conversion for it.
  CHECK(cluster
            .relay("POST", "/v1/sessions/" + buyer.id + "/conversions", R"({"cid":"x","event":"purchase"})",
                   browser.auth())
            .status == 404);
  CHECK(
      cluster.relay("POST", "/v1/sessions/" + buyer.id + "/conversions", R"({"cid":"x","event":"purchase"})").status ==
      401);

  auto metrics = cluster.relay("GET", "/v1/admin/analytics?by=way&window_days=7", "", admin()).json();
  const auto& total = metrics.at("total").as_object();
  CHECK(total.at("chats") == 2);
  CHECK(total.at("converted") == 1);
  CHECK(total.at("conversion_rate").as_double() == doctest::Approx(0.5));
  CHECK(total.at("conversion_value").at("EUR").as_double() == doctest::Approx(52.5));
  CHECK(metrics.at("conversion_window_days") == 7);
  CHECK(group(metrics, "(assistant only)").at("converted") == 1);
  CHECK(cluster.relay("GET", "/v1/admin/analytics?window_days=0", "", admin()).status == 400);
  CHECK(cluster.relay("GET", "/v1/admin/analytics?window_days=91", "", admin()).status == 400);
  auto csv = cluster.relay("GET", "/v1/admin/analytics?by=way&format=csv", "", admin()).body;
  CHECK(csv.find(",converted,conversion_rate,resolved,cost,cost_per_resolution,ratings,rating_average,csat\r\n") !=
        std::string::npos);
  CHECK(csv.find("\r\n\"total\",2,0,0.000,0,,,0,,,1,0.500,") != std::string::npos);

  // Erasing the chat erases its conversions with it.
  REQUIRE(cluster.relay("DELETE", "/v1/sessions/" + buyer.id, "", buyer.auth()).status == 200);
  auto after = cluster.relay("GET", "/v1/admin/analytics", "", admin()).json();
  CHECK(after.at("total").at("converted") == 0);
}

// Tokens as llm-sim counts them (its documented rule, worked out here again):
// a word is a token, and each message costs 4 more.
std::int64_t prompt_tokens_of(const boost::json::value& call) {
  std::int64_t tokens = 0;
  for (const auto& m : call.at("messages").as_array()) {
    tokens += 4;
    std::istringstream words{std::string(m.at("content").as_string())};
    std::string word;
    while (words >> word) ++tokens;
  }
  return tokens;
}

TEST_CASE("success metrics: cost per resolution from Meta's pricing and the model's tokens, on the owner's card") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags()});
  CHECK(cluster.relay("GET", "/v1/admin/rates", "", admin()).json().at("rates").is_null());
  for (const char* bad :
       {R"({"currency":"usd"})", R"({"currency":"USD","whatsapp":{"utility":-1}})",
        R"({"currency":"USD","whatsapp":{"Utility":1}})", R"({"currency":"USD","model":{"input_per_1k":"2"}})"}) {
    auto refused = cluster.relay("PUT", "/v1/admin/rates", bad, admin());
    CHECK(refused.status == 400);
    CHECK(refused.json().at("error").at("code") == "invalid_rates");
  }
  auto set = cluster.relay("PUT", "/v1/admin/rates",
                           R"({"currency":"USD","whatsapp":{"utility":0.0125,"marketing":0.05},)"
                           R"("model":{"input_per_1k":2,"output_per_1k":6}})",
                           admin());
  REQUIRE(set.status == 200);
  CHECK(set.json().at("rates").at("whatsapp").at("utility").as_double() == doctest::Approx(0.0125));

  // The model answers one chat: the assistant resolved it.
  auto alone = cluster.open_session(R"({"language":"en"})");
  model.script(R"({"reply":"Shipping is free on bikes."})");
  REQUIRE(cluster.post_message(alone, "c1", "how much does shipping cost?").status == 201);
  REQUIRE(eventually([&] { return cluster.messages(alone).size() == 3; }));
  auto call = model.requests().back();
  CHECK(call.at("include_usage") == true);
  double model_cost = (static_cast<double>(prompt_tokens_of(call)) * 2 + 5 * 6) / 1000.0;

  // A person resolves the other, after the model answered once and wrote
  // the agent a summary: both calls are this chat's model cost. The
  // agents' windows are closed, so each offer is a template Meta bills as
  // utility; replies after are free.
  auto live = cluster.open_session(R"({"language":"en"})");
  model.script(R"({"reply":"We ship to Spain."})");
  REQUIRE(cluster.post_message(live, "c1", "do you ship to spain?").status == 201);
  REQUIRE(eventually([&] { return cluster.messages(live).size() == 3; }));
  auto answer_call = model.requests().back();
  model.script(R"({"reply":"Asks about shipping to Spain."})");
  auto agent = cluster.take_chat(live);
  REQUIRE(eventually([&] { return model.requests().size() == 3; }));
  auto summary_call = model.requests().back();
  CHECK(summary_call.at("stream") == false);
  double live_model_cost = (static_cast<double>(prompt_tokens_of(answer_call)) * 2 + 4 * 6 +
                            static_cast<double>(prompt_tokens_of(summary_call)) * 2 + 5 * 6) /
                           1000.0;
  cluster.whatsapp_from(agent, "Hello, I can help.");
  cluster.whatsapp_from(agent, "/end " + live.code);
  std::size_t templates = 0;
  REQUIRE(eventually([&] {
    templates = 0;
    for (const auto& phone : {agent_ana, agent_ben}) {
      for (const auto& m : cluster.sent_to(phone)) templates += m.at("type") == "template" ? 1U : 0U;
    }
    auto now = cluster.relay("GET", "/v1/admin/analytics?by=way", "", admin()).json();
    const auto& person = now.at("with_person");
    return templates > 0 && person.at("resolved") == 1 &&
           person.at("cost").at("whatsapp").as_double() == doctest::Approx(0.0125 * static_cast<double>(templates));
  }));
  auto metrics = cluster.relay("GET", "/v1/admin/analytics?by=way", "", admin()).json();
  CHECK(metrics.at("currency") == "USD");
  CHECK(metrics.at("unpriced_categories").as_array().empty());
  CHECK(boost::json::serialize(metrics.at("not_measured")) == R"([])");
  // The tokens are counters on /metrics too: the answers' and the summary's.
  auto exposition = cluster.relay("GET", "/metrics").body;
  auto input_tokens = prompt_tokens_of(call) + prompt_tokens_of(answer_call) + prompt_tokens_of(summary_call);
  CHECK(exposition.find("baton_model_tokens_total{kind=\"input\"} " + std::to_string(input_tokens)) !=
        std::string::npos);
  CHECK(exposition.find("baton_model_tokens_total{kind=\"output\"} " + std::to_string(5 + 4 + 5)) != std::string::npos);
  const auto& bot = metrics.at("assistant_only");
  CHECK(bot.at("chats") == 1);
  CHECK(bot.at("resolved") == 1);
  CHECK(bot.at("cost").at("model").as_double() == doctest::Approx(model_cost).epsilon(0.0001));
  CHECK(bot.at("cost_per_resolution").as_double() == doctest::Approx(model_cost).epsilon(0.0001));
  const auto& person = metrics.at("with_person");
  double whatsapp_cost = 0.0125 * static_cast<double>(templates);
  CHECK(person.at("cost").at("model").as_double() == doctest::Approx(live_model_cost).epsilon(0.0001));
  CHECK(person.at("cost_per_resolution").as_double() ==
        doctest::Approx(whatsapp_cost + live_model_cost).epsilon(0.0001));
  CHECK(metrics.at("total").at("cost_per_resolution").as_double() ==
        doctest::Approx((model_cost + whatsapp_cost + live_model_cost) / 2).epsilon(0.0001));

  // Without the card, cost is not measured again.
  REQUIRE(cluster.relay("DELETE", "/v1/admin/rates", "", admin()).status == 200);
  auto after = cluster.relay("GET", "/v1/admin/analytics", "", admin()).json();
  CHECK(after.at("total").at("cost").is_null());
  CHECK(boost::json::serialize(after.at("not_measured")) == R"(["cost_per_resolution"])");
  auto audit = cluster.relay("GET", "/v1/admin/audit", "", admin()).json().at("entries").as_array();
  CHECK(audit.at(0).at("action") == "reset_rates");
}

TEST_CASE("success metrics: satisfaction from the widget's survey after an agent ends the chat, once per chat") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto chat = cluster.open_session();
  auto agent = cluster.take_chat(chat);
  cluster.whatsapp_from(agent, "/end " + chat.code);
  std::string survey;
  REQUIRE(eventually([&] {
    for (const auto& m : cluster.messages(chat)) {
      if (m.at("kind") == "survey") survey = std::string(m.at("id").as_string());
    }
    return !survey.empty();
  }));
  auto rate = [&](const std::string& body) {
    return cluster.relay("POST", "/v1/sessions/" + chat.id + "/ratings", body, chat.auth());
  };
  CHECK(rate(R"({"survey":")" + survey + R"(","score":6})").status == 400);
  CHECK(rate(R"({"survey":"m_nothing","score":3})").status == 404);
  CHECK(rate(R"({"survey":")" + survey + R"(","score":2,"comment":"x\u0007"})").status == 400);
  auto other = cluster.open_session();
  CHECK(cluster
            .relay("POST", "/v1/sessions/" + chat.id + "/ratings", R"({"survey":")" + survey + R"(","score":5})",
                   other.auth())
            .status == 404);
  auto rated = rate(R"({"survey":")" + survey + R"(","score":2,"comment":"Slow to answer."})");
  CHECK(rated.status == 201);
  auto again = rate(R"({"survey":")" + survey + R"(","score":5})");
  CHECK(again.status == 409);
  CHECK(again.json().at("error").at("code") == "already_rated");
  // The thanks is about the survey, so the widget puts its question away.
  auto log = cluster.messages(chat);
  CHECK(log.back().at("kind") == "notice");
  CHECK(log.back().at("about") == survey);

  auto metrics = cluster.relay("GET", "/v1/admin/analytics?by=agent", "", admin()).json();
  const auto& by_agent = group(metrics, agent == agent_ana ? "Ana" : "Ben");
  CHECK(by_agent.at("satisfaction").at("count") == 1);
  CHECK(by_agent.at("satisfaction").at("average").as_double() == doctest::Approx(2.0));
  CHECK(by_agent.at("satisfaction").at("csat").as_double() == doctest::Approx(0.0));
  CHECK(metrics.at("total").at("satisfaction").at("count") == 1);
  CHECK(metrics.at("total").at("resolved") == 1);
  // The answer is a counter on /metrics too.
  CHECK(cluster.relay("GET", "/metrics").body.find("baton_ratings_total{score=\"2\"} 1") != std::string::npos);
}

TEST_CASE("success metrics: the visitor ends a chat after a reply and is asked to rate it, its agent told") {
  Cluster cluster({.relay_flags = {"--faq", faq_en}});
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto survey_of = [&](const VisitorSession& s) {
    std::optional<boost::json::object> survey;
    for (const auto& m : cluster.messages(s)) {
      if (m.at("kind") == "survey") survey = m.as_object();
    }
    return survey;
  };
  auto end = [&](const VisitorSession& s) {
    return cluster.relay("POST", "/v1/sessions/" + s.id + "/end", "", s.auth());
  };

  // With a person who answered: the agent is told, the survey names them.
  auto live = cluster.open_session(R"({"language":"en"})");
  auto agent = cluster.take_chat(live);
  cluster.whatsapp_from(agent, "Hello, how can I help?");
  REQUIRE(eventually([&] { return cluster.messages(live).back().at("author") == "agent"; }));
  auto ended = end(live);
  REQUIRE(ended.status == 200);
  CHECK(ended.json().at("state") == "ended");
  std::optional<boost::json::object> survey;
  REQUIRE(eventually([&] { return (survey = survey_of(live)).has_value(); }));
  auto agent_name = agent == agent_ana ? std::string("Ana") : std::string("Ben");
  CHECK(std::string(survey->at("text").as_string()).find("your chat with " + agent_name) != std::string::npos);
  REQUIRE(eventually([&] {
    for (const auto& line : cluster.lines_sent_to(agent)) {
      // take_chat names the visitor Vera Visitor in its request for a person.
      if (line.find("Vera Visitor ended chat #" + live.code) != std::string::npos) return true;
    }
    return false;
  }));
  // Ending it again changes nothing and asks nothing twice.
  auto count = cluster.messages(live).size();
  CHECK(end(live).status == 200);
  CHECK(cluster.messages(live).size() == count);
  REQUIRE(cluster
              .relay("POST", "/v1/sessions/" + live.id + "/ratings",
                     R"({"survey":")" + std::string(survey->at("id").as_string()) + R"(","score":5})", live.auth())
              .status == 201);

  // With the assistant alone, after it answered: the survey is about the chat.
  auto bot = cluster.open_session(R"({"language":"de"})");
  cluster.post_message(bot, "c1", "how much does shipping cost?");
  REQUIRE(eventually([&] { return cluster.messages(bot).size() >= 3; }));
  REQUIRE(end(bot).status == 200);
  REQUIRE(eventually([&] { return survey_of(bot).has_value(); }));
  CHECK(std::string(survey_of(bot)->at("text").as_string()).starts_with("Wie war dieser Chat?"));

  // Nobody answered yet: ended, nothing to rate. Another visitor's token cannot end it.
  auto silent = cluster.open_session();
  CHECK(cluster.relay("POST", "/v1/sessions/" + silent.id + "/end", "", bot.auth()).status == 404);
  CHECK(cluster.relay("GET", "/v1/sessions/" + silent.id + "/end", "", silent.auth()).status == 405);
  REQUIRE(end(silent).status == 200);
  CHECK_FALSE(survey_of(silent).has_value());
  CHECK(cluster.messages(silent).back().at("text") == "You ended the chat.");

  auto metrics = cluster.relay("GET", "/v1/admin/analytics", "", admin()).json();
  CHECK(metrics.at("total").at("satisfaction").at("count") == 1);
}
