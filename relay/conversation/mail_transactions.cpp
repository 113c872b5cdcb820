#include "relay/conversation/mail_transactions.hpp"

#include <algorithm>

#include "common/email.hpp"
#include "common/limits.hpp"
#include "common/message_text.hpp"
#include "relay/assistant/text/language_tag.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/conversation/whatsapp_handoff.hpp"
#include "relay/core/refusal.hpp"
#include "relay/mail/mail_message.hpp"
#include "relay/mail/mail_text.hpp"

namespace baton {
namespace {

void queue_support_mail(SessionLog& log, const std::string& session_id, const std::string& purpose,
                        const std::string& to, const MailSettings& settings, const std::string& reply_to,
                        const SupportMailText& text) {
  queue_mail(log, session_id, purpose,
             MailContent{settings.from, to, reply_to, text.subject, text.body, settings.domain, std::nullopt});
}

// What the visitor reads in the chat, in their language ({email} filled in).
std::string_view sent_note(Lang lang) {
  switch (lang) {
    case Lang::es: return "Gracias. Tu mensaje va camino de nuestro equipo; te responderemos en {email}.";
    case Lang::pt: return "Obrigado. Sua mensagem está a caminho da nossa equipe; responderemos em {email}.";
    case Lang::fr: return "Merci. Votre message est en route vers notre équipe ; nous répondrons à {email}.";
    case Lang::de: return "Danke. Ihre Nachricht ist auf dem Weg zu unserem Team; wir antworten an {email}.";
    case Lang::ar: return "شكرًا. رسالتك في طريقها إلى فريقنا؛ سنرد عليك على {email}.";
    case Lang::en: break;
  }
  return "Thank you. Your message is on its way to our team; we will answer at {email}.";
}

std::string_view failed_note(Lang lang) {
  switch (lang) {
    case Lang::es: return "Lo sentimos, tu mensaje no pudo enviarse a nuestro equipo. Inténtalo más tarde.";
    case Lang::pt: return "Desculpe, não foi possível enviar sua mensagem à nossa equipe. Tente mais tarde.";
    case Lang::fr: return "Désolé, votre message n'a pas pu être envoyé à notre équipe. Réessayez plus tard.";
    case Lang::de: return "Leider konnte Ihre Nachricht nicht an unser Team gesendet werden. Bitte später erneut.";
    case Lang::ar: return "عذرًا، تعذر إرسال رسالتك إلى فريقنا. حاول مرة أخرى لاحقًا.";
    case Lang::en: break;
  }
  return "Sorry, your message could not be sent to our team. Please try again later.";
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

HandoffState handoff_email_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                              const MailSettings& mail) {
  auto session = require_session(log, session_id);
  if (session.mode == HandoffMode::email && session.state == SessionState::ended) {
    return HandoffState{HandoffMode::email, session.state, session.code, {}};  // asked twice: sent once
  }
  if (session.state == SessionState::live) {
    throw Refused(Refusal{RefusalKind::conflict, "live_chat", "an agent has this chat now: write here"});
  }
  if (request.email.empty() || !is_plausible_email(request.email)) {
    throw Refused(Refusal{RefusalKind::invalid, "invalid_field", "email: an e-mail address is needed to answer you"});
  }
  // Addresses go into SMTP commands without SMTPUTF8: ASCII only, or a
  // server would refuse the team's mail for good.
  if (std::any_of(request.email.begin(), request.email.end(),
                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    throw Refused(Refusal{RefusalKind::invalid, "invalid_field", "email: use an address in plain ASCII letters"});
  }
  if (!request.message.empty()) {
    if (auto problem = check_message_text(request.message, limits::message_text_chars)) {
      throw Refused(Refusal{RefusalKind::invalid, std::string(error_code(*problem)),
                            "message: " + std::string(describe(*problem))});
    }
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
    end_visitor_whatsapp(log, session, "Chat #" + session.code + " continues by e-mail, at " + request.email + ".");
  }
  session.state = SessionState::ended;
  session.mode = HandoffMode::email;
  log.tx().queue().end_wait(session_id);
  log.effects().availability_may_change = true;
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);
  std::string note(sent_note(visitor_language(session)));
  note.replace(note.find("{email}"), 7, request.email);
  log.append_system(session_id, MessageKind::notice, {}, note);
  log.effects().publish(session_id, StateChange{SessionState::ended, {}});
  return HandoffState{HandoffMode::email, SessionState::ended, session.code, {}};
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
    if (mail->purpose == "support") {
      auto session = log.tx().sessions().find(mail->session_id);
      auto lang = session ? visitor_language(*session) : Lang::en;
      log.append_system(mail->session_id, MessageKind::delivery_failed, {}, std::string(failed_note(lang)));
    }
    return;
  }
  // 30 s, 1 min, 2 min ... (by default) at most an hour between attempts.
  std::int64_t delay = std::min<std::int64_t>(first_retry_ms << std::min<std::int64_t>(mail->attempts - 1, 7),
                                              3'600'000);
  mail->next_attempt_ms = log.now_ms() + delay;
  log.tx().mail().update(*mail);
}

}  // namespace baton
