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

// The words of a text copy of one message for `purpose` (relay: to the
// agent, mirror: to the visitor's WhatsApp), before a cut to WhatsApp's length.
std::string text_copy_words(const SessionRecord& session, const Message& message, OutboxPurpose purpose);

// `original` (as it read before) was edited or deleted by its author, as
// `revision` (kind edit or deleted) records; the store already holds the
// message as it now reads. A copy not sent yet goes as it now reads (a
// deleted message's copy not at all); one that has gone is answered by a
// note quoting it, to whoever still has the chat. A copy that has gone
// keeps nothing of a deleted message in the outbox.
void pass_on_revision(SessionLog& log, const SessionRecord& session, const Message& original, const Message& revision);

// The notes about edits `edit_ids` of a message since deleted: those not
// sent are dropped, and those sent keep no text.
void drop_revision_notes(SessionLog& log, const std::string& session_id, const std::vector<std::string>& edit_ids);

// The chat leaves the visitor's WhatsApp (ended, or moved to a call or
// e-mail): a number that joined is told `farewell`, and copies still
// waiting for its window are dropped.
void end_visitor_whatsapp(SessionLog& log, const SessionRecord& session, const std::string& farewell);

}  // namespace baton
