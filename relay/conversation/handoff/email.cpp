#include "relay/conversation/handoff/email.hpp"

#include "common/lang.hpp"
#include "common/limits.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/handoff/handover.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/core/refusal.hpp"
#include "relay/mail/mail_text.hpp"

namespace baton {
namespace {

void queue_support_mail(SessionLog& log, const std::string& session_id, const std::string& purpose,
                        const std::string& to, const MailSettings& settings, const std::string& reply_to,
                        const SupportMailText& text) {
  queue_mail(log, session_id, purpose,
             MailContent{settings.from, to, reply_to, text.subject, text.body, settings.domain, std::nullopt});
}

}  // namespace

HandoffState handoff_email_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                              const MailSettings& mail) {
  auto session = require_session(log, session_id);
  if (session.mode == HandoffMode::email && session.state == SessionState::ended) {
    return HandoffState{HandoffMode::email, session.state, session.code, {}};  // asked twice: sent once
  }
  if (session.state == SessionState::live) {
    throw Refused(Refusal{RefusalKind::conflict, "live_chat", "an agent has this chat now: write here"});
  }
  // As for a live chat or WhatsApp: the call's agent holds the chat (found
  // on review: left as an e-mail, the chat stopped reaching them while the
  // call stayed booked).
  if (log.tx().calls().booked_for_session(session_id, log.now_ms())) {
    throw Refused(Refusal{RefusalKind::conflict, "already_booked",
                          "a call is booked for this chat; write here, or cancel it to leave a message"});
  }
  merge_context(session.context, request);
  // Their own words become part of the conversation, so every copy has them.
  if (!request.message.empty()) {
    Message said;
    said.author = Author::visitor;
    said.author_name = request.name;
    said.text = request.message;
    log.append(session_id, said);
  }
  auto conversation = log.tx().messages().latest(session_id, limits::messages_per_page);
  queue_support_mail(log, session_id, "support", mail.support_address, mail, request.email,
                     support_mail(session, request, conversation));
  // A copy goes to an address nobody has confirmed: bounded, so the relay
  // cannot be used to send mail to strangers in bulk.
  if (request.copy_to_visitor &&
      log.tx().mail().count_since("copy", {}, log.now_ms() - 3'600'000) < max_copies_per_hour &&
      log.tx().mail().count_since("copy", request.email, log.now_ms() - 86'400'000) < max_copies_per_address_per_day) {
    queue_support_mail(log, session_id, "copy", request.email, mail, {}, visitor_copy(session, conversation));
  }
  // The agent who was to take the chat hears that it went to e-mail.
  if (session.state == SessionState::waiting && !session.agent_phone.empty()) {
    log.queue_whatsapp({}, session.agent_phone, OutboxPurpose::notice,
                       "Chat #" + session.code + ": the visitor left a message by e-mail instead. The chat has ended.");
    forget_agent_chat(log.tx(), session.agent_phone, session_id);
  }
  if (session.state == SessionState::waiting) {
    end_visitor_whatsapp(log, session,
                         visitor_sentence(VisitorText::whatsapp_moved_to_email, session,
                                          {{"code", session.code}, {"email", request.email}}));
  }
  session.state = SessionState::ended;
  session.mode = HandoffMode::email;
  log.tx().queue().end_wait(session_id);
  log.effects().availability_may_change = true;
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);
  auto note = visitor_sentence(VisitorText::mail_sent, session, {{"email", request.email}});
  log.append_system(session_id, MessageKind::notice, {}, note);
  log.effects().publish(session_id, StateChange{SessionState::ended, {}, {}});
  return HandoffState{HandoffMode::email, SessionState::ended, session.code, {}};
}

}  // namespace baton
