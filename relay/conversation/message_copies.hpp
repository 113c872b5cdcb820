#pragma once
// Who gets a copy of a message of a chat, decided here and nowhere else.
// Every open tab of the chat gets every entry of its log: the hub fans out
// what the log appends. Besides that:
// - the agent's WhatsApp gets what the visitor says: typed on the website
//   while an agent has or was offered the chat or holds its booked call,
//   or written from the visitor's own WhatsApp;
// - the visitor's WhatsApp, once that number has written in the chat (they
//   continued there), gets what the agent says and what the visitor types
//   on the website. Nothing goes to a number before it wrote: it was only
//   typed on a website, and may be a stranger's;
// - e-mail gets no message by message: the e-mail fallback and a booked
//   call's confirmation send the conversation whole (handoff/email.cpp,
//   handoff/callback.cpp).

#include "relay/conversation/session_log.hpp"

namespace baton {

// Where a message came from.
enum class MessageSource { website, visitor_whatsapp, agent_whatsapp };

void send_copies(SessionLog& log, const SessionRecord& session, const Message& message, MessageSource source);

// An agent has, or was offered, the chat.
bool with_agent(const SessionRecord& session);

// The visitor's WhatsApp copy of one message, if that number has joined:
// an agent's words as "*Ana*: text", the visitor's own typed on the website
// as "(website) text". For the catch-up when the number joins.
void mirror_to_visitor_whatsapp(SessionLog& log, const SessionRecord& session, const Message& message);

// The message of chat `session_id` that our WhatsApp message `wamid` carried
// (the newest, for a burst sent as one): what a reaction to it is about.
// Empty when it carried none of this chat's.
std::string message_carried_by(SessionLog& log, const std::string& session_id, std::string_view wamid);

// `original` (as it read before) was edited or deleted by its author, as
// `revision` (kind edit or deleted) records. Everyone who got a copy on
// WhatsApp is told, quoting their copy; a copy of a deleted message that
// has not been tried yet is not sent at all.
void pass_on_revision(SessionLog& log, const SessionRecord& session, const Message& original, const Message& revision);

// The chat leaves the visitor's WhatsApp (ended, or moved to a call or
// e-mail): a number that joined is told `farewell`, and copies still
// waiting for its window are dropped.
void end_visitor_whatsapp(SessionLog& log, const SessionRecord& session, const std::string& farewell);

}  // namespace baton
