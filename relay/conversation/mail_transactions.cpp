#include "relay/conversation/mail_transactions.hpp"

#include <algorithm>

#include "common/lang.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/core/visitor_text.hpp"
#include "relay/mail/mail_message.hpp"

namespace baton {
namespace {

// The team will never read the visitor's message: they are told, their
// words stay in the chat, and a chat that ended with that message goes back
// to the assistant with the ways to reach a person open again (the offer
// opens them in the widget, saying why).
void tell_mail_failed(SessionLog& log, const std::string& session_id) {
  auto session = log.tx().sessions().find(session_id);
  if (!session) return;
  auto text = visitor_sentence(VisitorText::mail_failed, *session);
  if (session->state == SessionState::ended && session->mode == HandoffMode::email) {
    give_back_to_assistant(log, *session);
  }
  if (session->state != SessionState::bot) {
    log.append_system(session_id, MessageKind::delivery_failed, {}, text);
    return;
  }
  Message offer;
  offer.author = Author::bot;
  offer.kind = MessageKind::handoff_offer;
  offer.text = std::move(text);
  log.append(session_id, offer);
}

}  // namespace

void queue_mail(SessionLog& log, const std::string& session_id, const std::string& purpose, MailContent content) {
  MailRecord record;
  record.session_id = session_id;
  record.purpose = purpose;
  record.recipient = content.to;
  record.created_ms = log.now_ms();
  record.next_attempt_ms = log.now_ms();
  // The Message-ID needs the row id, which the insert gives: compose with a
  // stable unique part instead (session, purpose and time).
  record.message = compose_mail(content, log.now_ms(), session_id + "." + purpose + "." + std::to_string(log.now_ms()));
  log.tx().mail().insert(record);
  log.effects().mail_queued = true;
}

std::vector<MailRecord> claim_due_mail_tx(SessionLog& log, std::size_t limit, std::int64_t lease_ms) {
  auto due = log.tx().mail().due(log.now_ms(), limit);
  for (auto& mail : due) {
    auto claimed = mail;
    claimed.next_attempt_ms = log.now_ms() + lease_ms;
    log.tx().mail().update(claimed);
  }
  return due;
}

void record_mail_attempt_tx(SessionLog& log, std::int64_t mail_id, const SmtpResult& result,
                            std::int64_t first_retry_ms) {
  auto mail = log.tx().mail().find(mail_id);
  if (!mail || mail->state != MailState::pending) return;
  ++mail->attempts;
  if (result.ok) {
    mail->state = MailState::sent;
    mail->settled_ms = log.now_ms();
    mail->last_error.clear();
    log.tx().mail().update(*mail);
    return;
  }
  mail->last_error = result.error;
  if (result.permanent || mail->attempts >= max_mail_attempts) {
    mail->state = MailState::failed;
    mail->settled_ms = log.now_ms();
    log.tx().mail().update(*mail);
    if (mail->purpose == "support") tell_mail_failed(log, mail->session_id);
    return;
  }
  // 30 s, 1 min, 2 min ... (by default) at most an hour between attempts.
  std::int64_t delay = std::min<std::int64_t>(first_retry_ms << std::min<std::int64_t>(mail->attempts - 1, 7),
                                              3'600'000);
  mail->next_attempt_ms = log.now_ms() + delay;
  log.tx().mail().update(*mail);
}

}  // namespace baton
