// The visitor REST API end to end, including every kind of bad input: each
// gets a JSON error with a fitting status, stores nothing, and the relay
// keeps serving.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

std::string error_code_of(const HttpReply& reply) {
  return std::string(reply.json().at("error").at("code").as_string());
}

}  // namespace

TEST_CASE("visitor api: a session opens with the greeting, messages are stored once per cid") {
  Cluster cluster;
  auto created = cluster.relay(
      "POST", "/v1/sessions",
      R"({"context":{"page_url":"https://shop.example/p","language":"en-GB","pages":["/","/p"]}})");
  REQUIRE(created.status == 201);
  auto body = created.json();
  VisitorSession s{std::string(body.at("session_id").as_string()), std::string(body.at("token").as_string()),
                   std::string(body.at("code").as_string())};
  CHECK(s.id.starts_with("s_"));
  CHECK(s.token.size() == 43);

  auto first = cluster.post_message(s, "cid-1", "Hello, is anyone there?");
  REQUIRE(first.status == 201);
  auto again = cluster.post_message(s, "cid-1", "Hello, is anyone there?");
  CHECK(again.status == 201);
  CHECK(again.json() == first.json());
  CHECK(first.json().at("author") == "visitor");
  CHECK(first.json().at("cid") == "cid-1");
  CHECK(first.json().at("status") == "sent");

  // The assistant answers in bot mode.
  CHECK(eventually([&] { return cluster.messages(s).size() == 3; }));
  auto all = cluster.messages(s);
  CHECK(all[0].at("author") == "bot");
  CHECK(all[1].at("text") == "Hello, is anyone there?");
  CHECK(all[2].at("author") == "bot");
  std::uint64_t previous = 0;
  for (const auto& m : all) {
    auto seq = m.at("seq").to_number<std::uint64_t>();
    CHECK(seq == previous + 1);
    previous = seq;
  }
  CHECK(cluster.messages(s, 2).size() == 1);
  auto limited = cluster.relay("GET", "/v1/sessions/" + s.id + "/messages?after=0&limit=1", "", s.auth()).json();
  CHECK(limited.at("messages").as_array().size() == 1);
  CHECK(limited.at("has_more") == true);
}

TEST_CASE("visitor api: tokens") {
  Cluster cluster;
  auto a = cluster.open_session();
  auto b = cluster.open_session();
  auto path = "/v1/sessions/" + a.id + "/messages";
  auto missing = cluster.relay("GET", path);
  CHECK(missing.status == 401);
  CHECK(error_code_of(missing) == "missing_token");
  CHECK(missing.header("www-authenticate") == "Bearer");
  CHECK(cluster.relay("GET", path, "", {{"Authorization", "Bearer not-a-token"}}).status == 401);
  auto other = cluster.relay("GET", path, "", b.auth());
  CHECK(other.status == 404);
  CHECK(error_code_of(other) == "session_not_found");
  CHECK(cluster.relay("POST", path, R"({"cid":"x","text":"intrusion"})", b.auth()).status == 404);
  CHECK(cluster.messages(a).size() == 1);
  CHECK(cluster.relay("GET", "/v1/sessions/s_unknown/messages", "", a.auth()).status == 404);
  // Tokens never travel in URLs.
  CHECK(cluster.relay("GET", path + "?token=" + a.token).status == 401);
}

TEST_CASE("visitor api: bad input gets a JSON error and stores nothing") {
  Cluster cluster;
  auto s = cluster.open_session();
  auto path = "/v1/sessions/" + s.id + "/messages";
  struct Case {
    std::string body;
    unsigned status;
    std::string code;
  };
  std::vector<Case> cases{
      {"{not json", 400, "invalid_json"},
      {"[1,2,3]", 400, "expected_object"},
      {R"({"cid":5,"text":"x"})", 400, "invalid_cid"},
      {R"({"cid":"has space","text":"x"})", 400, "invalid_cid"},
      {R"({"cid":"ok"})", 400, "invalid_field"},
      {R"({"cid":"ok","text":["x"]})", 400, "invalid_field"},
      {R"({"cid":"ok","text":"   "})", 400, "empty_text"},
      {R"({"cid":"ok","text":"bell\u0007"})", 400, "control_character"},
      {"{\"cid\":\"ok\",\"text\":\"\xff\xfe\"}", 400, "invalid_json"},
      {R"({"cid":"ok","text":")" + std::string(4001, 'x') + "\"}", 400, "text_too_long"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body.substr(0, 60));
    auto reply = cluster.relay("POST", path, c.body, s.auth());
    CHECK(reply.status == c.status);
    CHECK(reply.header("content-type") == "application/json");
    CHECK(error_code_of(reply) == c.code);
  }
  auto huge = cluster.relay("POST", path, std::string(70 * 1024, ' '), s.auth());
  CHECK(huge.status == 413);
  CHECK(error_code_of(huge) == "body_too_large");

  auto bad_context = cluster.relay("POST", "/v1/sessions", R"({"context":{"page_url":42}})");
  CHECK(bad_context.status == 400);
  CHECK(error_code_of(bad_context) == "invalid_field");
  CHECK(cluster.relay("GET", "/v1/sessions").status == 405);
  CHECK(cluster.relay("POST", "/v1/nothing").status == 404);
  CHECK(cluster.relay("GET", path + "?after=abc", "", s.auth()).status == 400);

  // Malformed HTTP is answered too, and the relay keeps serving.
  auto garbage = raw_exchange("127.0.0.1", cluster.relay_port(), "BLAH\r\n\r\n");
  CHECK(garbage.starts_with("HTTP/1.1 400"));
  auto long_header = raw_exchange("127.0.0.1", cluster.relay_port(),
                                  "GET /healthz HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  CHECK(long_header.starts_with("HTTP/1.1 431"));

  CHECK(cluster.messages(s).size() == 1);  // only the greeting
  CHECK(cluster.relay("GET", "/healthz").body == "ok");
}

TEST_CASE("visitor api: CORS for allowed origins only") {
  Cluster cluster;
  auto allowed = cluster.relay("POST", "/v1/sessions", "{}", {{"Origin", "https://shop.example"}});
  CHECK(allowed.status == 201);
  CHECK(allowed.header("access-control-allow-origin") == "https://shop.example");
  auto refused = cluster.relay("POST", "/v1/sessions", "{}", {{"Origin", "https://evil.example"}});
  CHECK(refused.status == 403);
  CHECK(error_code_of(refused) == "origin_not_allowed");
  // The refused page may read why (its loader says so in the console), and
  // the relay's log names the origin, once however often it asks.
  CHECK(refused.header("access-control-allow-origin") == "https://evil.example");
  CHECK(refused.json().at("error").at("message").as_string().find("(https://evil.example)") != std::string::npos);
  CHECK(refused.json().at("error").at("message").as_string().find("--allowed-origins") != std::string::npos);
  auto again = cluster.relay("GET", "/v1/availability", "", {{"Origin", "https://evil.example"}});
  CHECK(again.status == 403);
  CHECK(cluster.relay("OPTIONS", "/v1/sessions", "", {{"Origin", "https://evil.example"}}).status == 403);
  auto warnings = [&] {
    auto text = cluster.relay_process().stderr_text();
    std::size_t n = 0;
    for (auto at = text.find("origin was refused"); at != std::string::npos;
         at = text.find("origin was refused", at + 1)) {
      if (text.find("https://evil.example", at) != std::string::npos) ++n;
    }
    return n;
  };
  CHECK(warnings() == 1);
  CHECK(cluster.relay("GET", "/v1/availability", "", {{"Origin", "https://shop.example"}}).status == 200);
  auto preflight = cluster.relay("OPTIONS", "/v1/sessions", "",
                                 {{"Origin", "https://shop.example"}, {"Access-Control-Request-Method", "POST"}});
  CHECK(preflight.status == 204);
  CHECK(preflight.header("access-control-allow-headers").find("Authorization") != std::string::npos);
  // The relay's own pages are always allowed.
  CHECK(cluster.relay("POST", "/v1/sessions", "{}", {{"Origin", cluster.relay_url()}}).status == 201);
}

TEST_CASE("visitor api: availability and handoff modes") {
  Cluster cluster;
  // Neither agent has written yet: they can be reached (by a template), so
  // live chat is offered, but nobody is "online now".
  auto availability = cluster.relay("GET", "/v1/availability").json();
  CHECK(availability.at("online") == false);
  CHECK(availability.at("agents_online") == 0);
  CHECK(availability.at("next_open").is_null());
  CHECK(boost::json::serialize(availability.at("options")) == R"(["live","whatsapp","callback"])");
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  availability = cluster.relay("GET", "/v1/availability").json();
  CHECK(availability.at("online") == true);
  CHECK(availability.at("agents_online") == 2);
  auto s = cluster.open_session();
  auto bad = cluster.hand_off(s, R"({"mode":"live","phone":"12"})");
  CHECK(bad.status == 400);
  // No SMTP server was given: no e-mail fallback.
  auto unavailable = cluster.hand_off(s, R"({"mode":"email","email":"v@example.com","consent":true})");
  CHECK(unavailable.status == 400);
  CHECK(error_code_of(unavailable) == "mode_unavailable");
  auto live = cluster.hand_off(s);
  REQUIRE(live.status == 200);
  CHECK(live.json().at("mode") == "live");
  CHECK(live.json().at("state") == "waiting");
  CHECK(live.json().at("code") == s.code);
}

TEST_CASE("visitor api: a relay without WhatsApp credentials is honest about it") {
  TempDir dir;
  ChildProcess relay(BATON_RELAY_BIN,
                     {"--listen", "127.0.0.1:0", "--data", (dir / "data").string(), "--agents", "Ana:+15551230001"},
                     dir / "relay");
  auto line = relay.wait_for_line("listening on");
  auto base = "http://127.0.0.1:" + line.substr(line.rfind(':') + 1);
  auto availability = http_request("GET", base + "/v1/availability").json();
  CHECK(availability.at("online") == false);
  CHECK(availability.at("options").as_array().empty());
  auto session = http_request("POST", base + "/v1/sessions", "{}").json();
  auto token = std::string(session.at("token").as_string());
  auto id = std::string(session.at("session_id").as_string());
  auto handoff = http_request("POST", base + "/v1/sessions/" + id + "/handoff", R"({"mode":"live"})",
                              {{"Authorization", "Bearer " + token}});
  CHECK(handoff.status == 409);
}

TEST_CASE("visitor api: Start a new chat after an end gives the chat back to the assistant, and only then") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session();
  auto other = cluster.open_session();
  auto path = "/v1/sessions/" + s.id + "/conversations";
  // Not ended: writing is how to go on.
  auto early = cluster.relay("POST", path, "", s.auth());
  CHECK(early.status == 409);
  CHECK(early.json().at("error").at("code") == "not_ended");

  auto agent = cluster.take_chat(s);
  cluster.whatsapp_from(agent, "/end");
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto state = [&] { return cluster.relay("GET", "/v1/admin/sessions/" + s.id, "", admin).json().at("state"); };
  REQUIRE(eventually([&] { return state() == "ended"; }));

  // Only its own token, only POST.
  CHECK(cluster.relay("POST", path).status == 401);
  CHECK(cluster.relay("POST", path, "", other.auth()).status == 404);  // as if it did not exist
  CHECK(cluster.relay("GET", path, "", s.auth()).status == 405);
  CHECK(state() == "ended");

  auto started = cluster.relay("POST", path, "", s.auth());
  REQUIRE(started.status == 200);
  CHECK(state() == "bot");
  auto texts = texts_of(cluster.messages(s));
  REQUIRE_FALSE(texts.empty());
  CHECK(texts.back().starts_with("New conversation"));
  // Once is enough: a second press (another tab) is told it has not ended.
  CHECK(cluster.relay("POST", path, "", s.auth()).status == 409);
  // And the assistant answers what comes next.
  REQUIRE(cluster.post_message(s, "after", "do you ship to Spain?").status == 201);
  CHECK(eventually([&] { return cluster.messages(s).size() >= texts.size() + 2; }));
}
