#pragma once
// The agents from --agents: who they are, and who should get the next chat.

#include <optional>
#include <string_view>
#include <vector>

#include "relay/core/config.hpp"
#include "relay/store/store_tx.hpp"

namespace baton {

class AgentDirectory {
 public:
  explicit AgentDirectory(std::vector<AgentConfig> agents) : agents_(std::move(agents)) {}

  const std::vector<AgentConfig>& all() const { return agents_; }
  bool empty() const { return agents_.empty(); }
  const AgentConfig* find_by_phone(std::string_view phone) const;

  // The agent with the fewest open chats; ties rotate with the number of
  // chats handed out so far, so equally busy agents take turns.
  std::optional<AgentConfig> choose(SessionTable& sessions) const;

 private:
  std::vector<AgentConfig> agents_;
};

}  // namespace baton
