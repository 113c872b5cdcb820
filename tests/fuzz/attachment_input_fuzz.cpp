// Everything an attachment brings in from outside, as bytes nobody
// checked: a file's first bytes and name (sniffed, the name cleaned), an
// X-File-Name header (percent-decoded), a kept inbound media record (read
// back and written again), and a multipart upload as wa-sim parses it.
// Never a crash; a cleaned name is short valid UTF-8 with no path in it; a
// record that reads back writes out the same again.

#include <cstdint>
#include <string_view>

#include "common/media_type.hpp"
#include "common/percent_encoding.hpp"
#include "common/utf8.hpp"
#include "relay/whatsapp/inbound_record.hpp"
#include "tests/fuzz/fuzz_input.hpp"
#include "tools/wa-sim/multipart_form.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  baton::fuzz::FuzzInput input(data, size);
  auto name = input.text(200);
  auto content_type = input.text(120);
  std::string_view rest(reinterpret_cast<const char*>(data), size);

  auto type = baton::sniff_media(rest.substr(0, baton::media_sniff_bytes), name);
  if (type) BATON_FUZZ_REQUIRE(type->whatsapp_limit > 0 && !type->mime.empty());

  auto cleaned = baton::clean_file_name(name);
  BATON_FUZZ_REQUIRE(cleaned.size() <= 120);
  BATON_FUZZ_REQUIRE(baton::utf8::is_valid(cleaned));
  BATON_FUZZ_REQUIRE(cleaned.find_first_of("/\\\"") == std::string::npos);

  if (auto decoded = baton::percent_decode(name)) {
    BATON_FUZZ_REQUIRE(baton::percent_decode(baton::percent_encode(*decoded)) == *decoded);
  }

  if (auto record = baton::inbound_from_json(rest)) {
    auto again = baton::inbound_to_json(*record);
    auto reread = baton::inbound_from_json(again);
    BATON_FUZZ_REQUIRE(reread && baton::inbound_to_json(*reread) == again);
  }

  auto parsed = baton::sim::parse_form(content_type, rest);
  if (auto* parts = std::get_if<std::vector<baton::sim::FormPart>>(&parsed)) {
    for (const auto& part : *parts) {
      BATON_FUZZ_REQUIRE(part.data.data() >= rest.data() &&
                         part.data.data() + part.data.size() <= rest.data() + rest.size());
    }
  }
  return 0;
}
