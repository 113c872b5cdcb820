#include "relay/conversation/session_transactions.hpp"

#include "common/handoff_text.hpp"
#include "common/ids.hpp"
#include "common/limits.hpp"
#include "common/placeholders.hpp"
#include "common/reference_code.hpp"
#include "common/time_format.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/attachment_transactions.hpp"
#include "relay/conversation/handoff/callback.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/core/crypto.hpp"
#include "relay/core/refusal.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {

Lang visitor_language(const SessionRecord& session) { return widget_language(session.context); }

std::string visitor_sentence(VisitorText which, const SessionRecord& session,
                             std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  // The button first: a value the visitor or agent typed is never read for
  // placeholders.
  auto lang = visitor_language(session);
  return fill_placeholders(with_button(visitor_text(which, lang), lang), values);
}

std::string greeting_for(const Config& config, Lang lang) {
  const auto& own = config.greetings[static_cast<std::size_t>(lang)];
  if (!own.empty()) return own;
  if (!config.greeting.empty()) return config.greeting;
  return with_button(visitor_text(VisitorText::greeting, lang), lang);
}

SessionRecord require_session(SessionLog& log, const std::string& session_id) {
  auto session = log.tx().sessions().find(session_id);
  if (!session) throw Refused(Refusal{RefusalKind::not_found, "session_not_found", "no such session"});
  return *session;
}

CreatedSession create_session_tx(SessionLog& log, RandomSource& random, VisitorContext context, std::string origin,
                                 const std::string& assistant_name, const std::string& greeting) {
  CreatedSession created;
  created.token = new_token(random);
  auto& s = created.session;
  s.id = new_session_id(random);
  s.token_hash = crypto::to_hex(crypto::sha256(created.token));
  s.state = SessionState::bot;
  s.created_ms = s.updated_ms = log.now_ms();
  s.context = std::move(context);
  s.origin = std::move(origin);
  // Codes are short, so a clash is possible if rare: draw again.
  for (int attempt = 0;; ++attempt) {
    s.code = new_reference_code(random);
    try {
      log.tx().sessions().insert(s);
      break;
    } catch (const DuplicateKey&) {
      if (attempt == 8) throw;
    }
  }
  Message hello;
  hello.author = Author::bot;
  hello.author_name = assistant_name;
  hello.text = greeting;
  created.greeting = log.append(s.id, hello);
  s.last_seq = created.greeting.seq;
  return created;
}

void give_back_to_assistant(SessionLog& log, SessionRecord& session) {
  if (!session.agent_phone.empty()) forget_agent_chat(log.tx(), session.agent_phone, session.id);
  session.state = SessionState::bot;
  session.mode = HandoffMode::live;
  session.agent_phone.clear();
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);
  log.effects().publish(session.id, StateChange{SessionState::bot, {}, {}});
}

void start_new_conversation(SessionLog& log, SessionRecord& session) {
  give_back_to_assistant(log, session);
  log.append_system(session.id, MessageKind::notice, {}, visitor_sentence(VisitorText::new_conversation, session));
}

SessionRecord start_new_conversation_tx(SessionLog& log, const std::string& session_id) {
  auto session = require_session(log, session_id);
  if (session.state != SessionState::ended) {
    throw Refused(Refusal{RefusalKind::conflict, "not_ended", "This chat has not ended: write in it.", 0});
  }
  if (call_holds_chat(log, session)) {
    throw Refused(Refusal{RefusalKind::conflict, "call_booked",
                          "A call is booked: what is written here reaches its agent. Cancel the call first.", 0});
  }
  start_new_conversation(log, session);
  return session;
}

PostedMessage post_visitor_message_tx(SessionLog& log, const std::string& session_id, const std::string& cid,
                                      const std::string& text, const std::string& attachment_id) {
  if (auto existing = log.tx().messages().find_by_cid(session_id, cid)) return PostedMessage{*existing, true};
  auto session = require_session(log, session_id);
  // An ended chat has nobody reading it, unless a booked call keeps it with
  // its agent: the visitor's words start a new conversation instead.
  if (session.state == SessionState::ended && !call_holds_chat(log, session)) start_new_conversation(log, session);

  Message draft;
  draft.author = Author::visitor;
  draft.cid = cid;
  draft.text = text;
  if (!attachment_id.empty()) {
    draft.kind = MessageKind::media;
    draft.attachment = claim_attachment_tx(log, session_id, attachment_id);
  }
  auto message = log.append(session_id, draft);

  if (session.state == SessionState::bot) log.effects().assistant_turns.push_back(AssistantTurn{session_id, message});
  send_copies(log, session, message, MessageSource::website);
  return PostedMessage{message, false};  // the append marked the chat active
}

}  // namespace baton
