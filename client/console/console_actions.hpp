#pragma once
// What the console may ask the relay to do (relay/api/admin_actions.hpp),
// as drafts a developer confirms before they go: a title, what will happen,
// and the request itself. Portable; the view shows the drafts and the glue
// sends the request on the admin stream.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "client/console/console_model.hpp"

namespace baton::console {

struct ActionDraft {
  std::string title;        // "Retry row 12 now?"
  std::string consequence;  // what will happen, in a sentence
  std::string request;      // {"type":"action","request":"N","action":...}
};

// Each draft's request carries `request_id`, so the answer can be matched.
ActionDraft retry_send(const OutboxRow& row, std::uint64_t request_id);
ActionDraft end_chat(const SessionRow& chat, std::uint64_t request_id);
ActionDraft cancel_call(const CallRow& call, std::uint64_t request_id);
ActionDraft redeliver_webhook(std::string_view webhook_id, std::uint64_t request_id);
ActionDraft write_as_agent(std::string_view agent_name, std::string_view text, std::uint64_t request_id);
ActionDraft write_as_visitor(const SessionRow& chat, std::string_view text, std::uint64_t request_id);

// The wa-sim faults the console offers, each a rule of POST /sim/faults.
struct FaultPreset {
  const char* label;
  const char* rule;  // JSON
  const char* consequence;
};
std::span<const FaultPreset> fault_presets();
ActionDraft switch_fault_on(const FaultPreset& preset, std::uint64_t request_id);
ActionDraft clear_faults(std::uint64_t request_id);

// Asks the relay for a kept body, masked: `of` is "webhook" or "graph".
std::string body_request(std::string_view of, std::string_view id);

// Whether the relay may retry a row in this state now (it decides; this
// only saves offering what it would refuse).
bool retryable(const OutboxRow& row);

}  // namespace baton::console
