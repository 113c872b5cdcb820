// The REST API's JSON readers, on bodies any visitor can send: the session's
// context (POST /v1/sessions) and a handoff request. Never a crash; every
// refusal is a 400 naming the field; and a context that was accepted reads
// back the same from the JSON the relay writes about it (admin API, agents'
// handoff text).

#include <boost/json/serialize.hpp>
#include <cstdint>
#include <string_view>

#include "relay/http/refusals.hpp"
#include "relay/hub/json_codec.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

void check_refusal(const baton::Refusal& error) {
  BATON_FUZZ_REQUIRE(baton::http_status(error.kind) == 400);
  BATON_FUZZ_REQUIRE(!error.code.empty() && !error.sentence.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = baton::parse_object(body);
  if (auto* error = std::get_if<baton::Refusal>(&parsed)) {
    check_refusal(*error);
    return 0;
  }
  const auto& object = std::get<boost::json::object>(parsed);

  auto context = baton::visitor_context_from_json(object.if_contains("context"));
  if (auto* accepted = std::get_if<baton::VisitorContext>(&context)) {
    boost::json::value written = baton::to_json(*accepted);
    auto again = baton::visitor_context_from_json(&written);
    BATON_FUZZ_REQUIRE(std::holds_alternative<baton::VisitorContext>(again));
    BATON_FUZZ_REQUIRE(std::get<baton::VisitorContext>(again) == *accepted);
    (void)boost::json::serialize(written);
  } else {
    check_refusal(std::get<baton::Refusal>(context));
  }

  auto handoff = baton::handoff_request_from_json(object);
  if (auto* error = std::get_if<baton::Refusal>(&handoff)) check_refusal(*error);
  return 0;
}
