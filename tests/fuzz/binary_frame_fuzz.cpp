// cereal's portable binary as the relay and the widget read it: client
// frames (from any tab on "baton.v1.bin"), server frames (what the widget
// reads) and the stored visitor context. Never a crash, never an allocation
// larger than the bytes given, and what decodes survives being encoded and
// decoded again. (The bytes themselves may differ: a reader accepts the
// class versions of other releases, and the writer writes its own.)

#include <cstdint>
#include <string_view>

#include "common/protocol/binary_codec.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

template <class Value, class Decode>
void round_trip(std::string_view bytes, Decode decode) {
  if (auto value = decode(bytes)) {
    auto encoded = baton::encode_binary(*value);
    auto again = decode(encoded);
    BATON_FUZZ_REQUIRE(again && *again == *value);
    BATON_FUZZ_REQUIRE(baton::encode_binary(*again) == encoded);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  round_trip<baton::ClientFrame>(bytes, [](std::string_view b) { return baton::decode_client_frame(b); });
  round_trip<baton::ServerFrame>(bytes, [](std::string_view b) { return baton::decode_server_frame(b); });
  round_trip<baton::VisitorContext>(bytes, [](std::string_view b) { return baton::decode_visitor_context(b); });
  return 0;
}
