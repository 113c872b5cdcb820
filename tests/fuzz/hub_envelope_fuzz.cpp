// What relays of a cluster read from each other on Redis (relay/hub/
// hub_envelope.hpp): never a crash, and what decodes survives being encoded
// and decoded again; the frame inside decodes as the live stream's does.

#include <cstdint>
#include <string_view>

#include "common/protocol/binary_codec.hpp"
#include "relay/hub/hub_envelope.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto envelope = baton::decode_envelope(bytes);
  if (!envelope) return 0;
  auto encoded = baton::encode_envelope(envelope->kind, envelope->origin, envelope->subject, envelope->frame);
  BATON_FUZZ_REQUIRE(encoded == bytes);
  auto again = baton::decode_envelope(encoded);
  BATON_FUZZ_REQUIRE(again && again->kind == envelope->kind && again->origin == envelope->origin &&
                     again->subject == envelope->subject && again->frame == envelope->frame);
  (void)baton::decode_server_frame(envelope->frame);
  return 0;
}
