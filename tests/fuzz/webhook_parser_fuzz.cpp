// Meta's webhook bodies: anything may arrive once the signature checks out
// (a compromised secret, a Meta change, a bug upstream). The parser must
// never crash, and what it reads must be self-consistent.

#include <cstdint>
#include <string_view>

#include "relay/whatsapp/webhook_parser.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto all = baton::parse_webhook(body);
  auto ours = baton::parse_webhook(body, "100000000000001");
  // Filtering by phone number id only ever removes items.
  if (auto* a = std::get_if<baton::WebhookBatch>(&all)) {
    auto* b = std::get_if<baton::WebhookBatch>(&ours);
    BATON_FUZZ_REQUIRE(b != nullptr);
    BATON_FUZZ_REQUIRE(b->messages.size() <= a->messages.size());
    BATON_FUZZ_REQUIRE(b->statuses.size() <= a->statuses.size());
  } else {
    BATON_FUZZ_REQUIRE(std::holds_alternative<baton::WebhookParseError>(ours));
  }
  return 0;
}
