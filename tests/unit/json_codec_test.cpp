// What visitors send is read strictly; what the relay sends has the contract's shape.

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include "relay/hub/json_codec.hpp"

namespace {

std::optional<baton::Refusal> context_error(std::string_view json) {
  auto value = boost::json::parse(json);
  auto result = baton::visitor_context_from_json(&value);
  if (auto* e = std::get_if<baton::Refusal>(&result)) return *e;
  return std::nullopt;
}

}  // namespace

TEST_CASE("json: a message has the contract's fields") {
  baton::Message m;
  m.seq = 3;
  m.id = "m_1";
  m.cid = "c1";
  m.author = baton::Author::visitor;
  m.text = "<b>hi</b>";
  m.ts_ms = 0;
  auto json = baton::to_json(m);
  CHECK(json.at("seq") == 3);
  CHECK(json.at("id") == "m_1");
  CHECK(json.at("cid") == "c1");
  CHECK(json.at("author") == "visitor");
  CHECK(json.at("text") == "<b>hi</b>");
  CHECK(json.at("status") == "sent");
  CHECK(json.at("ts") == "1970-01-01T00:00:00.000Z");
  m.cid.clear();
  CHECK(baton::to_json(m).at("cid").is_null());
  CHECK_FALSE(baton::to_json(m).contains("time"));
  // A call's time inside the text: where it is, and the range it names.
  m.time = baton::TimeInText{1'764'000'000'000, 1'764'001'800'000, 3, 4};
  auto time = baton::to_json(m).at("time").as_object();
  CHECK(time.at("from") == "2025-11-24T16:00:00.000Z");
  CHECK(time.at("to") == "2025-11-24T16:30:00.000Z");
  CHECK(time.at("at") == 3);
  CHECK(time.at("size") == 4);
}

TEST_CASE("json: live-stream frames") {
  auto welcome = boost::json::parse(
      baton::encode_json(baton::Welcome{"s_1", "ABCDEF", baton::SessionState::live, "Ana", 7, {}}));
  CHECK(welcome.at("type") == "welcome");
  CHECK(welcome.at("state") == "live");
  CHECK(welcome.at("agent") == "Ana");
  CHECK(welcome.at("last_seq") == 7);
  auto status = boost::json::parse(baton::encode_json(baton::StatusChange{9, "m_1", baton::MessageStatus::read, 0}));
  CHECK(status.at("type") == "status");
  CHECK(status.at("id") == "m_1");
  CHECK(status.at("status") == "read");
  auto ack = boost::json::parse(baton::encode_json(baton::Ack{"c", "m", 2}));
  CHECK(ack.at("type") == "ack");
  auto message = boost::json::parse(baton::encode_json(baton::Message{}));
  CHECK(message.at("type") == "message");
  CHECK(message.at("message").at("author") == "system");
  auto draft = boost::json::parse(
      baton::encode_json(baton::AssistantDraft{"m_3", baton::AssistantDraft::Phase::text, 5, "world"}));
  CHECK(draft.at("type") == "draft");
  CHECK(draft.at("draft_id") == "m_3");
  CHECK(draft.at("phase") == "text");
  CHECK(draft.at("offset") == 5);
  CHECK(draft.at("delta") == "world");
  auto availability = boost::json::parse(
      baton::encode_json(baton::AvailabilityChange{false, 0, 1'800'000'000'000, {baton::HandoffMode::live}}));
  CHECK(availability.at("type") == "availability");
  CHECK(availability.at("online") == false);
  CHECK(availability.at("next_open") == "2027-01-15T08:00:00.000Z");
  CHECK(availability.at("options").at(0) == "live");
}

// The frame is written as text, field by field (json_codec.cpp): every field,
// in the contract's order, with text that needs escaping and every part a
// message may have.
TEST_CASE("json: a message frame is the whole message, escaped, byte for byte") {
  baton::Message m;
  m.seq = 18'446'744'073'709'551'615ULL;
  m.id = "m_2";
  m.author = baton::Author::agent;
  m.author_name = "Ana \"the\" agent";
  m.kind = baton::MessageKind::media;
  m.text = "line\nnext\t\\ \x01 caf\xC3\xA9 \xF0\x9F\x91\x8D </script>";
  m.status = baton::MessageStatus::delivered;
  m.ts_ms = 1'764'000'000'123;
  m.about = "m_1";
  m.time = baton::TimeInText{1'764'000'000'000, 1'764'001'800'000, 3, 4};
  m.attachment = {"a_1", baton::AttachmentKind::image, "image/png", "p.png", 42};
  const std::string expected =
      R"({"type":"message","message":{"seq":18446744073709551615,"id":"m_2","cid":null,"author":"agent",)"
      R"("author_name":"Ana \"the\" agent","kind":"media",)"
      "\"text\":\"line\\nnext\\t\\\\ \\u0001 caf\xC3\xA9 \xF0\x9F\x91\x8D </script>\","
      R"("status":"delivered","ts":"2025-11-24T16:00:00.123Z","about":"m_1",)"
      R"("time":{"from":"2025-11-24T16:00:00.000Z","to":"2025-11-24T16:30:00.000Z","at":3,"size":4},)"
      R"("attachment":{"id":"a_1","kind":"image","mime":"image/png","name":"p.png","size":42}}})";
  CHECK(baton::encode_json(m) == expected);
  // The API's tree is the same message.
  CHECK(boost::json::value(baton::to_json(m)) == boost::json::parse(expected).at("message"));
}

TEST_CASE("json: client frames") {
  auto hello = baton::decode_client_json(R"({"type":"hello","session_id":"s_1","token":"t","after":5})");
  REQUIRE(std::holds_alternative<baton::ClientFrame>(hello));
  CHECK(std::get<baton::Hello>(std::get<baton::ClientFrame>(hello)).after_seq == 5);
  auto send = baton::decode_client_json(R"({"type":"message","cid":"c1","text":"hi"})");
  CHECK(std::get<baton::SendText>(std::get<baton::ClientFrame>(send)).text == "hi");
  auto code_of = [](std::string_view text) {
    auto result = baton::decode_client_json(text);
    REQUIRE(std::holds_alternative<baton::Refusal>(result));
    return std::get<baton::Refusal>(result).code;
  };
  CHECK(code_of("nope") == "invalid_json");
  CHECK(code_of("[]") == "expected_object");
  CHECK(code_of(R"({"type":"dance"})") == "unknown_frame");
  CHECK(code_of(R"({"type":"hello","after":-1})") == "invalid_field");
  CHECK(code_of(R"({"type":"message","cid":"c","text":5})") == "invalid_field");
  CHECK(code_of(R"({"type":7})") == "invalid_field");
}

TEST_CASE("json: visitor context is bounded and typed") {
  CHECK_FALSE(context_error(R"({"page_url":"https://x.example","pages":["/a","/b"],"utm":{"utm_source":"g"}})"));
  CHECK(context_error(R"({"page_url":5})")->sentence == "context.page_url: must be a string");
  CHECK(context_error(R"({"pages":"nope"})"));
  CHECK(context_error(R"({"utm":{"a":1}})"));
  CHECK(context_error(R"({"phone":"12345"})")->sentence.find("context.phone") == 0);
  CHECK(context_error(R"({"email":"not-mail"})")->sentence.find("context.email") == 0);
  std::string many = R"({"pages":[)";
  for (int i = 0; i < 51; ++i) many += std::string(i ? "," : "") + "\"/p\"";
  CHECK(context_error(many + "]}"));
  CHECK(context_error("[]")->sentence == "context: must be an object");
  auto value = boost::json::parse(R"({"phone":"+55 11 91234-5678"})");
  auto parsed = baton::visitor_context_from_json(&value);
  CHECK(std::get<baton::VisitorContext>(parsed).phone == "+5511912345678");
  CHECK(std::holds_alternative<baton::VisitorContext>(baton::visitor_context_from_json(nullptr)));
}

TEST_CASE("json: handoff requests") {
  auto ok = baton::handoff_request_from_json(
      boost::json::parse(R"({"mode":"live","name":"Ana","phone":"+15551230001","consent":true})").as_object());
  REQUIRE(std::holds_alternative<baton::HandoffRequest>(ok));
  CHECK(std::get<baton::HandoffRequest>(ok).consent);
  auto bad_mode = baton::handoff_request_from_json(boost::json::parse(R"({"mode":"carrier pigeon"})").as_object());
  CHECK(std::holds_alternative<baton::Refusal>(bad_mode));
  // What a field must hold is for the handoff rules (handoff_rules_test.cpp).
  auto odd_slot = baton::handoff_request_from_json(
      boost::json::parse(R"({"mode":"callback","slot":"tomorrow"})").as_object());
  CHECK(std::get<baton::HandoffRequest>(odd_slot).slot == "tomorrow");
  auto long_slot = baton::handoff_request_from_json(
      boost::json::parse(R"({"mode":"callback","slot":")" + std::string(41, '1') + R"("})").as_object());
  CHECK(std::holds_alternative<baton::Refusal>(long_slot));
  auto bad_consent = baton::handoff_request_from_json(
      boost::json::parse(R"({"mode":"live","consent":"yes"})").as_object());
  CHECK(std::holds_alternative<baton::Refusal>(bad_consent));
}
