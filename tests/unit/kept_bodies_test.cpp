// The kept webhook bodies: bounded by count and bytes, found by id, and
// shown with numbers masked and what people wrote replaced by its length.

#include <doctest/doctest.h>

#include "relay/core/kept_bodies.hpp"

using namespace baton;

TEST_CASE("kept bodies: the newest bodies are kept by count and by bytes, and ids never repeat") {
  KeptBodies replay(64, 8 * 1024 * 1024);
  for (int i = 0; i < 70; ++i) replay.keep("{\"n\":" + std::to_string(i) + "}", i);
  CHECK(replay.size() == replay.max_bodies());
  CHECK(replay.find(1) == nullptr);
  CHECK(replay.find(6) == nullptr);
  REQUIRE(replay.find(7) != nullptr);
  CHECK(replay.find(7)->body == "{\"n\":6}");
  CHECK(replay.find(70)->received_ms == 69);
  CHECK(replay.find(71) == nullptr);

  // Two bodies of 5 MiB are more than the byte bound: the older goes.
  auto big = std::string(5 * 1024 * 1024, 'x');
  auto first = replay.keep(big, 100);
  auto second = replay.keep(big, 101);
  CHECK(replay.find(first) == nullptr);
  CHECK(replay.find(second) != nullptr);
  CHECK(replay.bytes() <= 8u * 1024 * 1024);
  CHECK(second == first + 1);
}

TEST_CASE("kept bodies: numbers masked, texts and names replaced by their length, ids and kinds kept") {
  auto body = R"({"entry":[{"changes":[{"value":{
    "metadata":{"display_phone_number":"15550001234","phone_number_id":"100000000000001"},
    "contacts":[{"profile":{"name":"Ana Lopez"},"wa_id":"15551230001"}],
    "messages":[{"from":"15551230001","id":"wamid.ABC","type":"text","text":{"body":"my card is 4111"}}],
    "statuses":[{"id":"wamid.DEF","status":"failed","recipient_id":"15551230002",
                 "errors":[{"code":131026,"title":"Message undeliverable"}]}]}}]}]})";
  auto masked = masked_json(body);
  CHECK(masked.find("15551230001") == std::string::npos);
  CHECK(masked.find("15551230002") == std::string::npos);
  CHECK(masked.find("4111") == std::string::npos);
  CHECK(masked.find("Ana Lopez") == std::string::npos);
  CHECK(masked.find("<15 characters>") != std::string::npos);
  CHECK(masked.find("<9 characters>") != std::string::npos);
  CHECK(masked.find("wamid.ABC") != std::string::npos);
  CHECK(masked.find("131026") != std::string::npos);
  CHECK(masked.find("\"type\": \"text\"") != std::string::npos);
  CHECK(masked.find('\n') != std::string::npos);
  CHECK(masked_json("{oops").starts_with("(not JSON"));
}
