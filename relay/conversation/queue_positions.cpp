#include "relay/conversation/queue_positions.hpp"

#include <algorithm>

namespace baton {

std::map<std::string, QueueUpdate> queue_positions(StoreTx& tx) {
  std::map<std::string, QueueUpdate> out;
  auto waits = tx.queue().recent_waits(typical_wait_sample);
  std::uint32_t typical_s = 0;
  if (waits.size() >= typical_wait_minimum) {
    std::nth_element(waits.begin(), waits.begin() + static_cast<std::ptrdiff_t>(waits.size() / 2), waits.end());
    // Rounded up: "about 1 minute" rather than "about 0".
    typical_s = static_cast<std::uint32_t>((waits[waits.size() / 2] + 999) / 1000);
  }
  std::map<std::string, std::uint32_t> per_agent;
  for (const auto& [session_id, agent_phone] : tx.queue().waiting()) {
    out[session_id] = QueueUpdate{per_agent[agent_phone]++, typical_s};
  }
  return out;
}

}  // namespace baton
