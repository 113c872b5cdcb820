#include "relay/conversation/agent_directory.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace baton {

std::shared_ptr<const std::vector<AgentConfig>> AgentDirectory::agents() const {
  std::lock_guard lock(agents_->mutex);
  return agents_->agents;
}

void AgentDirectory::set_agents(std::vector<AgentConfig> agents) {
  auto fresh = std::make_shared<const std::vector<AgentConfig>>(std::move(agents));
  std::lock_guard lock(agents_->mutex);
  agents_->agents = std::move(fresh);
}

// Each loop holds the list it reads: in a loop over `*agents()` the pointer
// would die before the loop runs, and the list with it if the event loop
// swapped in a new one meanwhile (reads run on the store's threads).
std::optional<AgentConfig> AgentDirectory::find_by_phone(std::string_view phone) const {
  auto list = agents();
  for (const auto& agent : *list) {
    if (agent.phone == phone) return agent;
  }
  return std::nullopt;
}

bool same_agent_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<AgentConfig> AgentDirectory::find_by_name(std::string_view name) const {
  auto list = agents();
  for (const auto& agent : *list) {
    if (same_agent_name(agent.name, name)) return agent;
  }
  return std::nullopt;
}

std::shared_ptr<const BusinessHours> AgentDirectory::hours() const {
  std::lock_guard lock(hours_->mutex);
  return hours_->hours;
}

void AgentDirectory::set_hours(std::optional<BusinessHours> hours) {
  auto fresh = hours ? std::make_shared<const BusinessHours>(std::move(*hours)) : nullptr;
  std::lock_guard lock(hours_->mutex);
  hours_->hours = std::move(fresh);
}

std::vector<AgentStatus> AgentDirectory::statuses(StoreTx& tx, std::int64_t now_ms) const {
  std::vector<AgentStatus> out;
  auto list = agents();
  for (const auto& agent : *list) {
    AgentStatus s;
    s.agent = agent;
    s.capacity = capacity_of(agent);
    if (auto presence = tx.agents().presence(agent.phone)) s.away = presence->away;
    if (auto contact = tx.whatsapp().contact_by_phone(agent.phone)) {
      s.window_open = contact->last_inbound_ms > 0 && now_ms - contact->last_inbound_ms < window_ms;
    }
    s.open_chats = tx.sessions().count_open_for_agent(agent.phone);
    out.push_back(std::move(s));
  }
  return out;
}

Availability AgentDirectory::availability(StoreTx& tx, std::int64_t now_ms) const {
  Availability a;
  if (auto h = hours(); h && !h->is_open(now_ms)) {
    a.within_hours = false;
    a.next_open_ms = h->next_open(now_ms);
    return a;
  }
  for (const auto& s : statuses(tx, now_ms)) {
    if (!s.away && s.window_open) ++a.agents_online;
    if (s.can_take_chat()) {
      a.live_offered = true;
      if (s.window_open) a.online = true;
    }
  }
  return a;
}

std::optional<AgentConfig> AgentDirectory::choose(StoreTx& tx, std::int64_t now_ms) const {
  auto h = hours();
  if (empty() || (h && !h->is_open(now_ms))) return std::nullopt;
  auto all = statuses(tx, now_ms);
  std::vector<const AgentStatus*> candidates;
  for (const auto& s : all) {
    if (s.can_take_chat()) candidates.push_back(&s);
  }
  if (candidates.empty()) return std::nullopt;
  bool any_open_window = std::any_of(candidates.begin(), candidates.end(), [](auto* s) { return s->window_open; });
  std::int64_t fewest = std::numeric_limits<std::int64_t>::max();
  std::vector<const AgentStatus*> tied;
  for (const auto* s : candidates) {
    if (any_open_window && !s->window_open) continue;
    if (s->open_chats < fewest) {
      fewest = s->open_chats;
      tied.clear();
    }
    if (s->open_chats == fewest) tied.push_back(s);
  }
  // Ties take turns: a counter kept with the data, one step per chat handed out.
  auto& settings = tx.settings();
  std::int64_t turn = 0;
  if (auto stored = settings.get("routing_turn")) {
    auto [end, ec] = std::from_chars(stored->data(), stored->data() + stored->size(), turn);
    if (ec != std::errc() || turn < 0) turn = 0;
  }
  settings.put("routing_turn", std::to_string(turn + 1), now_ms);
  return tied[static_cast<std::size_t>(turn) % tied.size()]->agent;
}

}  // namespace baton
