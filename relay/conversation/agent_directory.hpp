#pragma once
// The agents (from --agents, or as an admin set them; agents_setting.hpp) and when they can take a chat: business
// hours, each agent's presence (/online, /away), how many chats each holds against
// --agent-capacity, and whether their 24-hour WhatsApp window is open (an
// agent who has not written for 24 hours can only be reached by a template,
// so they are reachable but not "online now").

#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "common/protocol/handoff.hpp"
#include "relay/availability/business_hours.hpp"
#include "relay/core/config.hpp"
#include "relay/store/store_tx.hpp"

namespace baton {

struct AgentStatus {
  AgentConfig agent;
  bool away = false;
  bool window_open = false;
  std::int64_t open_chats = 0;
  std::int64_t capacity = 0;

  bool can_take_chat() const { return !away && open_chats < capacity; }
};

struct Availability {
  bool within_hours = true;
  std::optional<std::int64_t> next_open_ms;  // when closed by the hours
  std::size_t agents_online = 0;             // present, window open
  bool online = false;                       // a chat now would reach someone who can answer at once
  bool live_offered = false;                 // a chat now would reach someone (maybe through a template)
  std::vector<HandoffMode> options;          // the ways offered now, in order (handoff/modes.cpp decides)
};

// Whether two agent names are the same name: /transfer and the admin page
// ignore the case of ASCII letters.
bool same_agent_name(std::string_view a, std::string_view b);

class AgentDirectory {
 public:
  static constexpr std::int64_t window_ms = 24LL * 3600 * 1000;

  // No hours: always open.
  explicit AgentDirectory(std::vector<AgentConfig> agents, std::int64_t capacity = 3,
                          std::optional<BusinessHours> hours = std::nullopt)
      : capacity_(capacity), agents_(std::make_shared<AgentsCell>()), hours_(std::make_shared<HoursCell>()) {
    set_agents(std::move(agents));
    if (hours) set_hours(std::move(*hours));
  }

  // The agents now. An admin may replace them while the relay runs, and
  // transactions on the store's writer read them too, so each call is a
  // snapshot (a copy: there are few) that later changes do not touch.
  std::vector<AgentConfig> all() const { return *agents(); }
  bool empty() const { return agents()->empty(); }
  std::optional<AgentConfig> find_by_phone(std::string_view phone) const;
  std::optional<AgentConfig> find_by_name(std::string_view name) const;  // case-insensitive
  void set_agents(std::vector<AgentConfig> agents);
  // --agent-capacity: for an agent without their own.
  std::int64_t capacity() const { return capacity_; }
  std::int64_t capacity_of(const AgentConfig& agent) const { return agent.capacity > 0 ? agent.capacity : capacity_; }
  // When an agent ends a chat, the assistant answers in it again (the site
  // owner's --assistant-after-end resume), or stays silent (the default).
  void set_assistant_resumes(bool resumes) { assistant_resumes_ = resumes; }
  bool assistant_resumes() const { return assistant_resumes_; }
  // The hours now (null: always open). An admin may replace them while the
  // relay runs; transactions on the store's writer read them too, so each
  // caller takes one snapshot and keeps it.
  std::shared_ptr<const BusinessHours> hours() const;
  void set_hours(std::optional<BusinessHours> hours);

  std::vector<AgentStatus> statuses(StoreTx& tx, std::int64_t now_ms) const;
  Availability availability(StoreTx& tx, std::int64_t now_ms) const;

  // Who gets the next chat: among agents present with room, those whose
  // window is open first; then the fewest open chats; ties take turns.
  // nullopt when nobody can take it (or the business is closed). Records a
  // turn in the store: call it only to hand a chat out.
  std::optional<AgentConfig> choose(StoreTx& tx, std::int64_t now_ms) const;

 private:
  std::shared_ptr<const std::vector<AgentConfig>> agents() const;

  std::int64_t capacity_;
  struct AgentsCell {
    mutable std::mutex mutex;
    std::shared_ptr<const std::vector<AgentConfig>> agents;
  };
  std::shared_ptr<AgentsCell> agents_;
  struct HoursCell {
    mutable std::mutex mutex;
    std::shared_ptr<const BusinessHours> hours;
  };
  std::shared_ptr<HoursCell> hours_;
  bool assistant_resumes_ = false;
};

}  // namespace baton
