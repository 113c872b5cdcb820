#include "relay/conversation/admin_interventions.hpp"

#include "common/reference_code.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/delivery_transactions.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/conversation/session_transactions.hpp"

namespace baton {
namespace {

[[noreturn]] void refuse(RefusalKind kind, std::string code, std::string sentence) {
  throw Refused(Refusal{kind, std::move(code), std::move(sentence), 0});
}

std::string why_not_retryable(const OutboxRecord& row) {
  auto name = "Row " + std::to_string(row.id);
  switch (row.state) {
    case OutboxState::sent: return name + " was already accepted by WhatsApp (" + row.wamid + ").";
    case OutboxState::failed:
      return name + " failed for good and the chat was told (" + row.last_error + "); the person can send it again.";
    case OutboxState::in_flight:
      return name + " is on its way: the Cloud API may still answer, and sending it again could make a second copy.";
    case OutboxState::awaiting_window:
      return name + " waits for the recipient's 24-hour window: it goes when they write, or after the template.";
    case OutboxState::pending: break;
  }
  return {};
}

}  // namespace

RetriedRow retry_send_now_tx(SessionLog& log, std::int64_t row_id) {
  auto row = log.tx().outbox().find(row_id);
  if (!row) refuse(RefusalKind::not_found, "no_such_row", "There is no outbox row " + std::to_string(row_id) + ".");
  if (row->state != OutboxState::pending) refuse(RefusalKind::conflict, "not_retryable", why_not_retryable(*row));
  RetriedRow retried{*row, row->next_attempt_ms};
  row->next_attempt_ms = log.now_ms();
  log.tx().outbox().update(*row);
  // The scheduler moves it without losing its place in the recipient's line.
  log.effects().retry.emplace_back(row->id, row->next_attempt_ms);
  retried.row = *row;
  return retried;
}

EndedChat end_chat_by_admin_tx(SessionLog& log, const std::string& id_or_code) {
  auto& sessions = log.tx().sessions();
  auto session = sessions.find(id_or_code);
  if (!session) {
    if (auto code = normalize_reference_code(id_or_code)) session = sessions.find_by_code(*code);
  }
  if (!session) refuse(RefusalKind::not_found, "no_such_chat", "There is no chat " + id_or_code + ".");
  if (session->state == SessionState::ended) {
    refuse(RefusalKind::conflict, "already_ended", "Chat #" + session->code + " has already ended.");
  }
  if (log.tx().calls().booked_for_session(session->id, log.now_ms())) {
    refuse(RefusalKind::conflict, "call_booked",
           "Chat #" + session->code + " has a booked call: cancel the call instead, and the visitor is told.");
  }
  EndedChat ended{*session, session->state};
  auto agent = session->agent_phone;
  bool held = !agent.empty() && (ended.was == SessionState::waiting || ended.was == SessionState::live);
  session->state = SessionState::ended;
  session->updated_ms = log.now_ms();
  sessions.update(*session);
  log.tx().queue().end_wait(session->id);
  if (held) {
    forget_agent_chat(log.tx(), agent, session->id);
    cancel_unsent_tx(log, session->id, agent, "not sent: an admin ended the chat first");
    log.queue_whatsapp(session->id, agent, OutboxPurpose::notice,
                       "Chat #" + session->code + " was ended by an administrator. The visitor was told.");
  }
  auto farewell = visitor_sentence(VisitorText::ended_by_team, *session, {{"code", session->code}});
  log.append_system(session->id, MessageKind::notice, {}, farewell);
  end_visitor_whatsapp(log, *session, farewell);
  log.effects().publish(session->id, StateChange{SessionState::ended, {}, {}});
  ended.session = *session;
  return ended;
}

}  // namespace baton
