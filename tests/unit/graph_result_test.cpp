// What the outbox makes of each kind of Cloud API answer, and the bodies it sends.

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include "relay/whatsapp/graph_result.hpp"
#include "relay/whatsapp/message_payloads.hpp"

using baton::GraphResult;
using Kind = baton::SendOutcome::Kind;

namespace {

GraphResult answered(unsigned status, std::string body) {
  return GraphResult{GraphResult::Transport::answered, status, std::move(body), {}};
}

std::string graph_error(std::int64_t code, std::string title, std::string details = "") {
  auto number = std::to_string(code);
  return "{\"error\":{\"message\":\"(#" + number + ") " + title + "\",\"type\":\"OAuthException\",\"code\":" + number +
         ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + details +
         "\"},\"fbtrace_id\":\"Axyz\"}}";
}

}  // namespace

TEST_CASE("graph result: success carries the wamid") {
  auto outcome = baton::classify(
      answered(200, R"({"messaging_product":"whatsapp","contacts":[{"input":"+15551230001","wa_id":"15551230001"}],)"
                    R"("messages":[{"id":"wamid.ABC"}]})"));
  CHECK(outcome.kind == Kind::accepted);
  CHECK(outcome.wamid == "wamid.ABC");
  CHECK(baton::classify(answered(200, "{}")).kind == Kind::in_doubt);
}

TEST_CASE("graph result: transport failures") {
  CHECK(baton::classify(GraphResult{GraphResult::Transport::not_sent, 0, {}, "connect"}).kind == Kind::retry);
  CHECK(baton::classify(GraphResult{GraphResult::Transport::lost, 0, {}, "timeout"}).kind == Kind::in_doubt);
}

TEST_CASE("graph result: Meta's codes") {
  CHECK(baton::classify(answered(400, graph_error(131047, "Re-engagement message"))).kind == Kind::window_closed);
  CHECK(baton::classify(answered(400, graph_error(131056, "pair rate limit hit"))).kind == Kind::throttled_recipient);
  CHECK(baton::classify(answered(400, graph_error(130429, "Rate limit hit"))).kind == Kind::throttled);
  CHECK(baton::classify(answered(400, graph_error(80007, "Rate limit"))).kind == Kind::throttled);
  CHECK(baton::classify(answered(500, graph_error(131000, "Something went wrong"))).kind == Kind::retry);
  CHECK(baton::classify(answered(500, graph_error(131016, "Service unavailable"))).kind == Kind::retry);
  CHECK(baton::classify(answered(503, graph_error(2, "API Service"))).kind == Kind::retry);
  for (std::int64_t code : {100, 131026, 131008, 131009, 131051, 132000, 132001, 132015, 132018, 133010, 0}) {
    auto status = code == 0 ? 401u : 400u;
    CAPTURE(code);
    CHECK(baton::classify(answered(status, graph_error(code, "x"))).kind == Kind::permanent);
  }
  auto described = baton::classify(answered(400, graph_error(131026, "Message Undeliverable", "not on WhatsApp")));
  CHECK(described.code == 131026);
  CHECK(described.description.find("Message Undeliverable: not on WhatsApp") != std::string::npos);
}

TEST_CASE("graph result: errors of the account stop everything, not just the message") {
  // A revoked token, a missing permission, a lock, a payment problem.
  for (std::int64_t code : {190, 102, 10, 200, 294, 131005, 368, 131031, 131042}) {
    CAPTURE(code);
    CHECK(baton::classify(answered(code == 190 ? 401u : 403u, graph_error(code, "x"))).kind == Kind::account);
    CHECK(baton::is_account_error(code));
  }
  // 100 is a bad parameter of the message, unless its subcode says the
  // phone number id itself is unknown.
  auto unknown_id = R"({"error":{"message":"Unsupported post request.","type":"GraphMethodException","code":100,)"
                    R"("error_subcode":33,"fbtrace_id":"A"}})";
  CHECK(baton::classify(answered(400, unknown_id)).kind == Kind::account);
  CHECK_FALSE(baton::is_account_error(100));
  CHECK(baton::kind_of_error(131000) == Kind::retry);
  CHECK(baton::kind_of_error(131056) == Kind::throttled_recipient);
  CHECK(baton::kind_of_error(131026) == Kind::permanent);
}

TEST_CASE("graph result: a Graph error whose code has no rule follows its HTTP status") {
  // Found on review: these failed their message for good.
  CHECK(baton::classify(answered(429, graph_error(987654, "Too many calls"))).kind == Kind::throttled);
  CHECK(baton::classify(answered(500, graph_error(987654, "Internal error"))).kind == Kind::retry);
  CHECK(baton::classify(answered(503, graph_error(0, "Unavailable"))).kind == Kind::retry);
  CHECK(baton::classify(answered(408, graph_error(987654, "Timeout"))).kind == Kind::retry);
  // The same code with a client error fails the message, as before.
  CHECK(baton::classify(answered(400, graph_error(987654, "Bad request"))).kind == Kind::permanent);
  // A code with its own rule keeps it.
  CHECK(baton::classify(answered(429, graph_error(190, "Token expired"))).kind == Kind::account);
}

TEST_CASE("graph result: answers that are not Graph errors") {
  CHECK(baton::classify(answered(502, "<html>Bad gateway</html>")).kind == Kind::retry);
  CHECK(baton::classify(answered(429, "slow down")).kind == Kind::throttled);
  CHECK(baton::classify(answered(404, "not found")).kind == Kind::permanent);
}

TEST_CASE("payloads: a text with callback data, to a phone or to a user id") {
  auto body = boost::json::parse(baton::text_message_body(baton::Recipient{"+15551230001", {}}, "hi\nthere", "baton:7"))
                  .as_object();
  CHECK(body.at("messaging_product") == "whatsapp");
  CHECK(body.at("recipient_type") == "individual");
  CHECK(body.at("to") == "+15551230001");
  CHECK(body.at("type") == "text");
  CHECK(body.at("text").at("body") == "hi\nthere");
  CHECK(body.at("text").at("preview_url") == false);
  CHECK(body.at("biz_opaque_callback_data") == "baton:7");
  CHECK_FALSE(body.contains("recipient"));

  auto by_id = boost::json::parse(baton::text_message_body(baton::recipient_from_key("US.123"), "x", "", "wamid.Q"))
                   .as_object();
  CHECK(by_id.at("recipient") == "US.123");
  CHECK_FALSE(by_id.contains("to"));
  CHECK(by_id.at("context").at("message_id") == "wamid.Q");
}

TEST_CASE("payloads: a template with one cleaned parameter") {
  auto body = boost::json::parse(baton::template_message_body(baton::Recipient{"+15551230001", {}}, "baton_reconnect",
                                                              "en", "chat\t#K7P2QX\n     now", "baton:9"))
                  .as_object();
  CHECK(body.at("type") == "template");
  const auto& t = body.at("template").as_object();
  CHECK(t.at("name") == "baton_reconnect");
  CHECK(t.at("language").at("code") == "en");
  auto parameter = t.at("components").at(0).at("parameters").at(0).at("text").as_string();
  CHECK(parameter == "chat #K7P2QX now");
  CHECK(baton::template_parameter("a\r\nb") == "a b");
}
