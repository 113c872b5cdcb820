#include "relay/ws/admin_snapshot.hpp"

#include <boost/json/array.hpp>
#include <map>

#include "relay/api/admin_actions.hpp"
#include "relay/conversation/feed_reports.hpp"
#include "relay/core/admin_feed.hpp"

namespace baton {
namespace {

using boost::json::array;
using boost::json::object;

struct Standing {
  std::vector<SessionRecord> sessions;
  std::map<std::string, std::size_t> queue_positions;  // session id, 1 = next
  std::vector<AgentStatus> agents;
  std::vector<OutboxRecord> outbox;
  std::vector<MailRecord> mail;
  Availability availability;
  std::vector<AuditEntry> audit;  // newest first
  std::vector<CallRecord> calls;  // not over yet, earliest first
};

object session_json(const SessionRecord& s, const Standing& now, std::size_t tabs) {
  object out{{"session", s.id},
             {"code", s.code},
             {"state", to_string(s.state)},
             {"mode", to_string(s.mode)},
             {"agent", masked_phone(s.agent_phone)},
             {"origin", s.origin},
             {"language", s.context.language},
             {"last_seq", s.last_seq},
             {"created", s.created_ms},
             {"updated", s.updated_ms},
             {"tabs", static_cast<std::int64_t>(tabs)},
             {"on_whatsapp", s.whatsapp_joined_ms > 0}};
  if (auto it = now.queue_positions.find(s.id); it != now.queue_positions.end()) {
    out["queue_position"] = static_cast<std::int64_t>(it->second);
  }
  return out;
}

object agent_json(const AgentStatus& a) {
  return object{{"name", a.agent.name},         {"phone", masked_phone(a.agent.phone)}, {"away", a.away},
                {"window_open", a.window_open}, {"open_chats", a.open_chats},           {"capacity", a.capacity}};
}

object outbox_json(const OutboxRecord& r) {
  return object{{"row", std::to_string(r.id)},     {"session", r.session_id},
                {"message", r.message_id},         {"recipient", masked_phone(r.recipient)},
                {"purpose", to_string(r.purpose)}, {"state", to_string(r.state)},
                {"attempts", r.attempts},          {"next_attempt", r.next_attempt_ms},
                {"last_error", r.last_error}};
}

// As the feed's "call" events say it (feed_reports.cpp).
object call_json(const CallRecord& c) {
  auto out = call_fields(c);
  out["session"] = c.session_id;
  out["change"] = to_string(c.state);
  out["reminded"] = c.reminded_ms > 0;
  return out;
}

object audit_json(const AuditEntry& e) {
  auto out = audit_fields(e);
  out["t"] = e.at_ms;
  return out;
}

object mail_json(const MailRecord& m) {
  return object{{"mail", std::to_string(m.id)}, {"session", m.session_id}, {"purpose", m.purpose},
                {"state", to_string(m.state)},  {"attempts", m.attempts},  {"last_error", m.last_error}};
}

}  // namespace

void read_admin_snapshot(ConversationService& service, std::function<void(Outcome<boost::json::object>)> done) {
  auto availability = service.availability_reader();
  auto now_ms = service.clock().now_ms();
  const auto& agents = service.agents();
  service.read<Standing>(
      [availability, now_ms, &agents](StoreTx& tx) {
        Standing now;
        now.sessions = tx.sessions().recent(snapshot_sessions);
        std::size_t position = 0;
        for (const auto& [session_id, agent] : tx.queue().waiting()) now.queue_positions[session_id] = ++position;
        now.agents = agents.statuses(tx, now_ms);
        now.outbox = tx.outbox().open();
        now.mail = tx.mail().recent(50);
        now.availability = availability(tx);
        now.audit = tx.audit().recent(snapshot_audit, 0);
        now.calls = tx.calls().upcoming(now_ms, snapshot_calls);
        return now;
      },
      [&service, now_ms, done = std::move(done)](Outcome<Standing> read) {
        if (auto* error = std::get_if<Refusal>(&read)) {
          done(*error);
          return;
        }
        const auto& now = std::get<Standing>(read);
        array sessions, agents_out, outbox, mail, audit, calls;
        for (const auto& s : now.sessions) sessions.push_back(session_json(s, now, service.hub().subscribers(s.id)));
        for (const auto& a : now.agents) agents_out.push_back(agent_json(a));
        for (const auto& r : now.outbox) outbox.push_back(outbox_json(r));
        for (const auto& m : now.mail) mail.push_back(mail_json(m));
        for (const auto& c : now.calls) calls.push_back(call_json(c));
        // Oldest first, as live entries will follow.
        for (auto e = now.audit.rbegin(); e != now.audit.rend(); ++e) audit.push_back(audit_json(*e));
        auto frame = availability_frame(now.availability);
        done(object{{"type", "snapshot"},
                    {"t", now_ms},
                    {"sessions", std::move(sessions)},
                    {"agents", std::move(agents_out)},
                    {"outbox", std::move(outbox)},
                    {"mail", std::move(mail)},
                    {"audit", std::move(audit)},
                    {"calls", std::move(calls)},
                    {"simulator", !service.config().simulator_url.empty()},
                    {"availability", object{{"online", frame.online}, {"agents_online", frame.agents_online}}}});
      });
}

}  // namespace baton
