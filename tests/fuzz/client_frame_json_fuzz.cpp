// What a tab sends on the "baton.v1.json" live stream, as the relay reads
// it: never a crash, and what it accepts survives the binary encoding
// unchanged (the two subprotocols carry the same frames).

#include <boost/json/parse.hpp>
#include <cstdint>
#include <string_view>

#include "common/protocol/binary_codec.hpp"
#include "relay/http/refusals.hpp"
#include "relay/hub/json_codec.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto decoded = baton::decode_client_json(text);
  if (auto* frame = std::get_if<baton::ClientFrame>(&decoded)) {
    auto again = baton::decode_client_frame(baton::encode_binary(*frame));
    BATON_FUZZ_REQUIRE(again && *again == *frame);
    return 0;
  }
  // A refusal goes back to the tab as an error frame: always valid JSON.
  const auto& error = std::get<baton::Refusal>(decoded);
  BATON_FUZZ_REQUIRE(baton::http_status(error.kind) == 400 && !error.code.empty());
  auto answer = baton::encode_json(baton::ServerFrame{baton::ErrorFrame{error.code, error.sentence, {}}});
  boost::system::error_code ec;
  boost::json::parse(answer, ec);
  BATON_FUZZ_REQUIRE(!ec);
  return 0;
}
