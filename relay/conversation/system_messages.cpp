#include "relay/conversation/system_messages.hpp"

#include <boost/json/serialize.hpp>

#include "common/phone.hpp"
#include "relay/conversation/agent_list.hpp"
#include "relay/core/log.hpp"

namespace baton {
namespace {

// Queued messages to `from` go to `to` instead; one already out settles as
// usual. Parked ones stay parked: the new number's window opens when its
// owner first writes from it.
void readdress_queued(SessionLog& log, const std::string& from, const std::string& to) {
  for (auto& row : log.tx().outbox().open()) {
    if (row.recipient != from || row.state == OutboxState::in_flight) continue;
    row.recipient = to;
    log.tx().outbox().update(row);
    // Out of the old number's lane and into the new one's.
    log.effects().finished.push_back(row.id);
    if (row.state == OutboxState::pending) log.effects().enqueue.push_back(row);
  }
}

void follow_agent(SessionLog& log, const AgentConfig& agent, const AgentDirectory& agents,
                  const std::string& new_phone) {
  if (auto other = agents.find_by_phone(new_phone)) {
    log::warn("an agent's new WhatsApp number is another agent's: left for the admin",
              {{"agent", agent.name}, {"other", other->name}});
    return;
  }
  auto& tx = log.tx();
  auto list = agents.all();
  for (auto& a : list) {
    if (a.phone == agent.phone) a.phone = new_phone;
  }
  tx.settings().put_or_erase(agents_setting_key, boost::json::serialize(agent_list_to_json(list)), log.now_ms());
  for (auto session : tx.sessions().open_for_agent(agent.phone)) {
    session.agent_phone = new_phone;
    tx.sessions().update(session);
  }
  auto now = log.now_ms();
  // In one statement: a read-then-write would put back a reminder's mark that
  // another relay set in between.
  tx.calls().move_to_agent(agent.phone, new_phone, now);
  readdress_queued(log, agent.phone, new_phone);
  // A plain message from the new number goes where one from the old would have.
  if (auto before = tx.whatsapp().contact_by_phone(agent.phone); before && !before->last_session_id.empty()) {
    tx.whatsapp().point_contact_at(new_phone, before->last_session_id);
  }
  tx.audit().append(AuditEntry{0, now, "whatsapp", "agent_number_changed", agent.name,
                               "was " + agent.phone + " | now " + new_phone, "done"});
  log.effects().agents_renumbered = std::move(list);
  log.effects().availability_may_change = true;
  log::info("an agent changed their WhatsApp number: their chats follow", {{"agent", agent.name}});
}

void follow_visitor(SessionLog& log, const std::string& old_phone, const std::string& new_phone) {
  auto session = log.tx().sessions().latest_for_visitor_whatsapp(old_phone, true);
  if (!session) return;
  session->visitor_whatsapp = new_phone;
  session->updated_ms = log.now_ms();
  log.tx().sessions().update(*session);
  readdress_queued(log, old_phone, new_phone);
}

}  // namespace

bool is_system_message(const InboundMessage& m) { return m.type == "system" || m.type == "request_welcome"; }

void apply_system_message_tx(SessionLog& log, const InboundMessage& m, const AgentDirectory& agents) {
  bool number_changed = m.system_type == "user_changed_number" || m.system_type == "customer_changed_number";
  auto new_phone = number_changed ? e164_from_wa_id(m.new_wa_id) : std::nullopt;
  std::string what = "system: " + (m.system_type.empty() ? m.type : m.system_type);
  if (new_phone && !m.from.empty() && *new_phone != m.from) {
    if (auto agent = agents.find_by_phone(m.from)) follow_agent(log, *agent, agents, *new_phone);
    else follow_visitor(log, m.from, *new_phone);
  } else if (!m.new_user_id.empty() && !m.from.empty()) {
    // A new business-scoped id for the same number: the contact keeps both keys.
    if (auto contact = log.tx().whatsapp().contact_by_phone(m.from)) {
      contact->user_id = m.new_user_id;
      log.tx().whatsapp().save_contact(*contact);
    }
  }
  // Kept for the admin trace, with no text: nobody is shown it.
  log.tx().whatsapp().route_inbound(m.wamid, "", what);
}

}  // namespace baton
