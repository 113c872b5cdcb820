#include "relay/conversation/agent_directory.hpp"

#include <limits>

namespace baton {

const AgentConfig* AgentDirectory::find_by_phone(std::string_view phone) const {
  for (const auto& agent : agents_) {
    if (agent.phone == phone) return &agent;
  }
  return nullptr;
}

std::optional<AgentConfig> AgentDirectory::choose(SessionTable& sessions) const {
  if (agents_.empty()) return std::nullopt;
  std::int64_t fewest = std::numeric_limits<std::int64_t>::max();
  std::vector<const AgentConfig*> tied;
  for (const auto& agent : agents_) {
    auto open = sessions.count_open_for_agent(agent.phone);
    if (open < fewest) {
      fewest = open;
      tied.clear();
    }
    if (open == fewest) tied.push_back(&agent);
  }
  return *tied[static_cast<std::size_t>(sessions.count_assigned()) % tied.size()];
}

}  // namespace baton
