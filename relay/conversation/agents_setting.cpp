// The agents as the admin page sets them (docs/admin.md, "Agents"): kept in
// the settings table, winning over --agents until cleared.

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "relay/conversation/agent_list.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/core/log.hpp"

namespace baton {
namespace {

constexpr std::int64_t calls_booked_ahead_ms = 400LL * 24 * 3600 * 1000;

// Who leaves the list, or keeps their name but not their number, while
// chats or calls still point at their number: refused, with what they hold.
void refuse_if_busy(StoreTx& tx, const std::vector<AgentConfig>& before, const std::vector<AgentConfig>& after,
                    std::int64_t now_ms) {
  auto calls = tx.calls().booked_between(now_ms - calls_booked_ahead_ms, now_ms + calls_booked_ahead_ms);
  for (const auto& agent : before) {
    bool kept = std::any_of(after.begin(), after.end(), [&](const AgentConfig& a) { return a.phone == agent.phone; });
    if (kept) continue;
    auto chats = tx.sessions().count_open_for_agent(agent.phone);
    auto booked = std::count_if(calls.begin(), calls.end(),
                                [&](const CallRecord& c) { return c.agent_phone == agent.phone && c.end_ms > now_ms; });
    if (chats == 0 && booked == 0) continue;
    throw Refused(Refusal{RefusalKind::conflict, "agent_busy",
                          agent.name + " still has " + std::to_string(chats) + " open chat(s) and " +
                              std::to_string(booked) + " booked call(s) on " + agent.phone +
                              ": transfer or end the chats and cancel or wait out the calls before removing them "
                              "or changing their number (/away stops new chats reaching them)"});
  }
}

}  // namespace

void ConversationService::restore_agents(SettingsTable& settings) {
  auto stored = settings.get(agents_setting_key);
  if (!stored) {
    admin_agents_.reset();
    return;
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(*stored, ec);
  auto read = ec ? std::variant<std::vector<AgentConfig>, std::string>("not JSON")
                 : agent_list_from_json(value, config_.business_number);
  if (auto* problem = std::get_if<std::string>(&read)) {
    log::warn("stored agents unusable, using --agents", {{"error", *problem}});
    return;
  }
  admin_agents_ = std::get<std::vector<AgentConfig>>(std::move(read));
  if (!config_.whatsapp_configured()) return;
  agents_.set_agents(*admin_agents_);
  agents_from_admin_ = true;
}

void ConversationService::whatsapp_changed() {
  bool reachable = config_.whatsapp_configured();
  agents_from_admin_ = reachable && admin_agents_.has_value();
  agents_.set_agents(!reachable ? std::vector<AgentConfig>{} : admin_agents_ ? *admin_agents_ : config_.agents);
  broadcast_availability_if_changed();
}

void ConversationService::set_agents(std::optional<std::vector<AgentConfig>> agents,
                                     std::function<void(Outcome<std::vector<AgentConfig>>)> done) {
  if (!config_.whatsapp_configured()) {
    done(Refusal{RefusalKind::conflict, "whatsapp_not_configured",
                 "agents answer on WhatsApp: the relay needs --phone-number-id and --access-token first"});
    return;
  }
  bool from_admin = agents.has_value();
  auto chosen = agents.value_or(config_.agents);
  auto stored = from_admin ? boost::json::serialize(agent_list_to_json(chosen)) : std::string();
  run<std::vector<AgentConfig>>(
      [chosen, stored, before = agents_.all()](SessionLog& log) {
        refuse_if_busy(log.tx(), before, chosen, log.now_ms());
        log.tx().settings().put_or_erase(agents_setting_key, stored, log.now_ms());
        return chosen;
      },
      [this, from_admin, done = std::move(done)](Outcome<std::vector<AgentConfig>> outcome) {
        if (auto* saved = std::get_if<std::vector<AgentConfig>>(&outcome)) {
          // Stored first, then in force: a failed write changes nothing.
          agents_.set_agents(*saved);
          agents_from_admin_ = from_admin;
          admin_agents_ = from_admin ? std::optional(*saved) : std::nullopt;
          broadcast_availability_if_changed();
          hub_.setting_changed(agents_setting_key);
        }
        done(std::move(outcome));
      });
}

}  // namespace baton
