#include "relay/conversation/visitor_ends_chat.hpp"

#include <algorithm>

#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/conversation/satisfaction.hpp"
#include "relay/conversation/session_transactions.hpp"

namespace baton {
namespace {

// Whether anyone answered the visitor: a person, or the assistant (beyond
// its greeting, which every chat has).
bool someone_answered(StoreTx& tx, const std::string& session_id) {
  if (!tx.assistant().recent(session_id, 1).empty()) return true;
  auto messages = tx.messages().latest(session_id, 500);
  return std::any_of(messages.begin(), messages.end(), [](const Message& m) { return m.author == Author::agent; });
}

}  // namespace

SessionState end_chat_by_visitor_tx(SessionLog& log, const std::string& session_id, const AgentDirectory& agents) {
  auto session = require_session(log, session_id);
  if (session.state == SessionState::ended) return session.state;
  if (log.tx().calls().booked_for_session(session.id, log.now_ms())) {
    throw Refused(Refusal{RefusalKind::conflict, "call_booked", "a call is booked: cancel the call instead", 0});
  }
  auto was = session.state;
  auto agent = agents.find_by_phone(session.agent_phone);
  bool held = !session.agent_phone.empty() && (was == SessionState::waiting || was == SessionState::live);
  session.state = SessionState::ended;
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);
  log.tx().queue().end_wait(session.id);
  if (held) {
    forget_agent_chat(log.tx(), session.agent_phone, session.id);
    auto name = session.context.name.empty() ? std::string("The visitor") : session.context.name;
    log.queue_whatsapp(session.id, session.agent_phone, OutboxPurpose::notice,
                       name + " ended chat #" + session.code + " in the website's chat.");
  }
  auto farewell = visitor_sentence(VisitorText::ended_by_visitor, session);
  log.append_system(session.id, MessageKind::notice, {}, farewell);
  end_visitor_whatsapp(log, session, farewell);
  if (someone_answered(log.tx(), session.id)) {
    // The survey is about the person who had the chat, if one joined.
    bool with_person = held && was == SessionState::live && agent;
    ask_for_rating(log, session, with_person ? agent->name : std::string());
  }
  log.effects().publish(session.id, StateChange{SessionState::ended, {}, {}});
  return session.state;
}

}  // namespace baton
