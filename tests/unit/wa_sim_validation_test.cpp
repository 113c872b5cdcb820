// wa-sim's Graph API validation: each bad request gets the code, HTTP
// status and wording Meta answers with, checked in Meta's order.

#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>
#include <string>

#include "tools/wa-sim/send_validator.hpp"

namespace {

using baton::sim::GraphError;
using baton::sim::SendRequest;
using baton::sim::SendValidator;
using baton::sim::TemplateRegistry;

const TemplateRegistry& templates() {
  static const TemplateRegistry registry(
      TemplateRegistry::parse("baton_reconnect:en:1,order_update:en_US:2:Track|Stop"));
  return registry;
}

std::variant<SendRequest, GraphError> validate(const std::string& body) {
  SendValidator validator(templates(), "15550001234");
  return validator.validate(body);
}

GraphError error_of(const std::string& body) {
  auto result = validate(body);
  REQUIRE(std::holds_alternative<GraphError>(result));
  return std::get<GraphError>(result);
}

SendRequest accepted(const std::string& body) {
  auto result = validate(body);
  if (auto* error = std::get_if<GraphError>(&result)) FAIL("refused: " << error->message << " / " << error->details);
  return std::get<SendRequest>(result);
}

std::string text_to(const std::string& to, const std::string& body) {
  return R"({"messaging_product":"whatsapp","to":")" + to + R"(","type":"text","text":{"body":")" + body + R"("}})";
}

}  // namespace

TEST_CASE("wa-sim: a valid text is accepted with its recipient echoed") {
  auto send = accepted(text_to("+15551230001", "hello"));
  CHECK(send.input == "+15551230001");
  CHECK(send.wa_id == "15551230001");
  CHECK(send.type == "text");
  CHECK(send.body == "hello");
  CHECK(send.recipient_key() == "+15551230001");

  auto bare = accepted(R"({"messaging_product":"whatsapp","to":"15551230001","text":{"body":"type defaults"}})");
  CHECK(bare.type == "text");
  CHECK(bare.input == "15551230001");
}

TEST_CASE("wa-sim: envelope errors in Meta's order") {
  SUBCASE("not JSON") {
    auto e = error_of("{");
    CHECK(e.code == 100);
    CHECK(e.http_status == 400);
  }
  SUBCASE("messaging_product") {
    auto e = error_of(R"({"to":"15551230001","text":{"body":"x"}})");
    CHECK(e.code == 100);
    CHECK(e.message == "(#100) The parameter messaging_product is required.");
    CHECK(error_of(R"({"messaging_product":"sms","to":"15551230001"})").code == 100);
  }
  SUBCASE("recipient") {
    CHECK(error_of(R"({"messaging_product":"whatsapp","text":{"body":"x"}})").message ==
          "(#100) The parameter to is required.");
    auto e = error_of(text_to("+1555", "x"));
    CHECK(e.code == 131009);
    CHECK(e.message == "(#131009) Parameter value is not valid");
    CHECK(e.details.find("to") != std::string::npos);
    CHECK(error_of(text_to("+1555123000112345", "x")).code == 131009);
    CHECK(error_of(text_to("+1555-123-0001", "x")).code == 131009);
    CHECK(error_of(text_to("15550001234", "x")).code == 131021);
  }
  SUBCASE("business-scoped recipient; to wins over it") {
    auto send = accepted(
        R"({"messaging_product":"whatsapp","recipient":"US.13491208655302741918","type":"text","text":{"body":"x"}})");
    CHECK(send.user_id == "US.13491208655302741918");
    CHECK(send.wa_id.empty());
    CHECK(send.recipient_key() == "US.13491208655302741918");
    auto both = accepted(
        R"({"messaging_product":"whatsapp","to":"15551230001","recipient":"US.1","text":{"body":"x"}})");
    CHECK(both.wa_id == "15551230001");
    CHECK(error_of(R"({"messaging_product":"whatsapp","recipient":"not-an-id","text":{"body":"x"}})").code == 131009);
  }
  SUBCASE("recipient_type and type") {
    CHECK(
        error_of(R"({"messaging_product":"whatsapp","to":"15551230001","recipient_type":"group","text":{"body":"x"}})")
            .code == 100);
    auto unsupported = error_of(
        R"({"messaging_product":"whatsapp","to":"15551230001","type":"location","location":{}})");
    CHECK(unsupported.code == 131051);
    CHECK(unsupported.message == "(#131051) Unsupported message type");
    CHECK(error_of(R"({"messaging_product":"whatsapp","to":"15551230001","type":"fax"})").code == 131009);
  }
  SUBCASE("callback data and context") {
    std::string long_data(513, 'x');
    auto e = error_of(R"({"messaging_product":"whatsapp","to":"15551230001","biz_opaque_callback_data":")" + long_data +
                      R"(","text":{"body":"x"}})");
    CHECK(e.code == 100);
    auto ok = accepted(R"({"messaging_product":"whatsapp","to":"15551230001","biz_opaque_callback_data":")" +
                       std::string(512, 'x') + R"(","context":{"message_id":"wamid.A"},"text":{"body":"x"}})");
    CHECK(ok.callback_data.size() == 512);
    CHECK(ok.context_id == "wamid.A");
    CHECK(error_of(
              R"({"messaging_product":"whatsapp","to":"15551230001","context":{"message_id":5},"text":{"body":"x"}})")
              .code == 100);
  }
}

TEST_CASE("wa-sim: text rules") {
  auto missing = error_of(R"({"messaging_product":"whatsapp","to":"15551230001","type":"text"})");
  CHECK(missing.code == 131008);
  CHECK(missing.message == "(#131008) Required parameter is missing");
  CHECK(missing.details == "The parameter text['body'] is required.");

  // 4,096 characters are counted as code points, not bytes.
  std::string at_limit;
  for (int i = 0; i < 4096; ++i) at_limit += "é";
  CHECK(accepted(text_to("15551230001", at_limit)).body.size() == 8192);
  auto too_long = error_of(text_to("15551230001", at_limit + "x"));
  CHECK(too_long.code == 100);
  CHECK(too_long.details == "Param text['body'] must be at most 4096 characters long.");

  CHECK(
      error_of(R"({"messaging_product":"whatsapp","to":"15551230001","text":{"body":"x","preview_url":"yes"}})").code ==
      100);
}

TEST_CASE("wa-sim: interactive limits name the field") {
  auto buttons = [](const std::string& list) {
    return R"({"messaging_product":"whatsapp","to":"15551230001","type":"interactive",)"
           R"("interactive":{"type":"button","body":{"text":"Pick"},"action":{"buttons":[)" +
           list + "]}}}";
  };
  auto button = [](const std::string& id, const std::string& title) {
    return R"({"type":"reply","reply":{"id":")" + id + R"(","title":")" + title + R"("}})";
  };
  auto ok = accepted(buttons(button("a", "Yes") + "," + button("b", "No")));
  REQUIRE(ok.buttons.size() == 2);
  CHECK(ok.buttons[1].id == "b");
  CHECK(ok.body == "Pick");

  auto four = error_of(
      buttons(button("a", "1") + "," + button("b", "2") + "," + button("c", "3") + "," + button("d", "4")));
  CHECK(four.code == 131009);
  CHECK(four.details.find("buttons") != std::string::npos);
  auto long_title = error_of(buttons(button("a", std::string(21, 't'))));
  CHECK(long_title.details.find("['title']") != std::string::npos);
  CHECK(error_of(buttons(button("a", "Same") + "," + button("b", "Same"))).details.find("unique") != std::string::npos);
  CHECK(error_of(buttons(button(std::string(257, 'i'), "Ok"))).details.find("['id']") != std::string::npos);
  auto no_body = error_of(R"({"messaging_product":"whatsapp","to":"15551230001","type":"interactive",)"
                          R"("interactive":{"type":"button","action":{"buttons":[]}}})");
  CHECK(no_body.code == 131009);
  CHECK(no_body.details.find("body") != std::string::npos);

  auto list = [](const std::string& rows, const std::string& label = "Topics") {
    return R"({"messaging_product":"whatsapp","to":"15551230001","type":"interactive",)"
           R"("interactive":{"type":"list","body":{"text":"Choose"},"action":{"button":")" +
           label + R"(","sections":[{"title":"All","rows":[)" + rows + "]}]}}}";
  };
  auto row = [](int n) {
    return R"({"id":"r)" + std::to_string(n) + R"(","title":"Row )" + std::to_string(n) + R"("})";
  };
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += (i ? "," : "") + row(i);
  CHECK(accepted(list(ten)).rows.size() == 10);
  CHECK(error_of(list(ten + "," + row(10))).details.find("10 rows") != std::string::npos);
  CHECK(error_of(list(row(1), std::string(21, 'b'))).details.find("['button']") != std::string::npos);
  CHECK(error_of(list(R"({"id":"x","title":")" + std::string(25, 't') + R"("})")).details.find("['title']") !=
        std::string::npos);
  CHECK(error_of(list(R"({"id":"x","title":"t","description":")" + std::string(73, 'd') + R"("})"))
            .details.find("['description']") != std::string::npos);
}

TEST_CASE("wa-sim: Graph error JSON shape") {
  auto e = GraphError::coded(130429, "Cloud API message throughput has been reached.");
  auto json = boost::json::serialize(e.to_json("Atrace"));
  CHECK(json ==
        R"({"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,)"
        R"("error_data":{"messaging_product":"whatsapp","details":"Cloud API message throughput has been reached."},)"
        R"("error_subcode":2494055,"fbtrace_id":"Atrace"}})");
  auto token = GraphError::invalid_token();
  CHECK(token.http_status == 401);
  CHECK(boost::json::serialize(token.to_json("A1")) ==
        R"({"error":{"message":"Invalid OAuth access token - Cannot parse access token",)"
        R"("type":"OAuthException","code":190,"fbtrace_id":"A1"}})");
  auto object = GraphError::unknown_object("post", "123");
  CHECK(object.type == "GraphMethodException");
  CHECK(object.subcode == 33);
  CHECK(object.message.starts_with("Unsupported post request. Object with ID '123' does not exist"));
  CHECK(GraphError::coded(131000, "x").http_status == 500);
  CHECK(GraphError::coded(131016, "x").http_status == 500);
  CHECK(GraphError::coded(131005, "x").http_status == 403);
  CHECK(GraphError::coded(131031, "x").http_status == 403);
  CHECK(GraphError::coded(10, "x").http_status == 403);
  CHECK(GraphError::coded(2, "x").http_status == 503);
  CHECK(GraphError::coded(0, "x").http_status == 401);
  CHECK(GraphError::coded(132001, "x").http_status == 404);
  CHECK(GraphError::coded(131056, "x").http_status == 400);
}
