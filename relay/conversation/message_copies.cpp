#include "relay/conversation/message_copies.hpp"

#include <algorithm>

#include "common/handoff_text.hpp"
#include "common/text_policy.hpp"
#include "common/utf8.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/handoff/callback.hpp"
#include "relay/conversation/session_transactions.hpp"

namespace baton {
namespace {

constexpr std::size_t whatsapp_caption_chars = 1024;

// WhatsApp shows no caption under audio or stickers.
// A copy of one of the chat's messages for one recipient: the row names the
// message, so statuses and reactions on the copy find it.
OutboxRecord copy_of(const SessionRecord& session, const std::string& message_id, const std::string& recipient,
                     OutboxPurpose purpose) {
  OutboxRecord copy;
  copy.session_id = session.id;
  copy.message_id = message_id;
  copy.recipient = recipient;
  copy.purpose = purpose;
  return copy;
}

// At most `chars` characters, the cut marked with an ellipsis.
std::string cut_to(std::string text, std::size_t chars) {
  if (utf8::length(text) <= chars) return text;
  return std::string(utf8::take_first(text, chars - 1)) + "…";
}

bool takes_caption(AttachmentKind kind) { return kind != AttachmentKind::audio && kind != AttachmentKind::sticker; }

// A message's file, as its own outbox row sent by media id: `caption` under
// it when the kind shows one, else a text line just before it (the agent
// must still see whose voice note it is).
void queue_file(SessionLog& log, const SessionRecord& session, const Message& message, const std::string& recipient,
                OutboxPurpose purpose, std::string caption) {
  caption = cut_to(std::move(caption), whatsapp_caption_chars);
  auto copy = copy_of(session, message.id, recipient, purpose);
  copy.kind = OutboxKind::media;
  copy.attachment_id = message.attachment.id;
  if (takes_caption(message.attachment.kind)) {
    copy.body = std::move(caption);
  } else {
    OutboxRecord line = copy;
    line.kind = OutboxKind::text;
    line.attachment_id.clear();
    line.body = std::move(caption);
    log.queue_whatsapp(line);
  }
  log.queue_whatsapp(copy);
}

// What stands for the file in a caption when the message has no words.
std::string file_words(const Message& message) {
  return (message.attachment.kind == AttachmentKind::audio ? "🎤 " : "📎 ") + message.attachment.name;
}

// A reaction to a message that came from WhatsApp goes to the one who sent
// it as a real reaction on that message, not as a line of text. True when
// the reaction is settled here: sent that way, or about a message that never
// was on `recipient`'s WhatsApp (the widget shows it on the message).
bool react_on_whatsapp(SessionLog& log, const SessionRecord& session, const Message& reaction, Author author,
                       const std::string& recipient, OutboxPurpose purpose) {
  if (reaction.kind != MessageKind::reaction || reaction.about.empty()) return false;
  auto target = log.tx().messages().find(session.id, reaction.about);
  auto wamid = log.tx().messages().inbound_wamid(session.id, reaction.about);
  if (!target || target->author != author || wamid.empty()) return true;
  auto copy = copy_of(session, reaction.id, recipient, purpose);
  copy.kind = OutboxKind::reaction;
  copy.body = reaction.text;  // the emoji; "" takes it back
  copy.about_wamid = std::move(wamid);
  log.queue_whatsapp(copy);
  return true;
}

// Headed by the chat's code, so an agent with several chats knows which.
// While an earlier copy still waits its turn (WhatsApp allows about one
// message to a person every 6 seconds), a new message joins it: a visitor's
// burst reaches the agent as one message and never delays other chats'
// messages to the same agent.
void copy_to_agent(SessionLog& log, const SessionRecord& session, const Message& message) {
  if (react_on_whatsapp(log, session, message, Author::agent, session.agent_phone, OutboxPurpose::relay)) return;
  if (!message.attachment.empty()) {
    auto words = message.text.empty() ? file_words(message) : message.text;
    queue_file(log, session, message, session.agent_phone, OutboxPurpose::relay,
               format_relayed_message(session.code, session.context.name, words, whatsapp_caption_chars));
    point_agent_at(log.tx(), session.agent_phone, session.id);
    return;
  }
  // A note quoting an earlier copy (an edit's) says only that.
  if (auto waiting = log.tx().outbox().unsent_relay(session.id, session.agent_phone);
      waiting && waiting->kind == OutboxKind::text && waiting->about_wamid.empty()) {
    auto joined = waiting->body + "\n" + clean_text(message.text);
    if (utf8::length(joined) <= whatsapp_text_chars) {
      waiting->body = std::move(joined);
      waiting->more_message_ids.push_back(message.id);
      log.tx().outbox().update(*waiting);
      point_agent_at(log.tx(), session.agent_phone, session.id);
      return;
    }
  }
  auto copy = copy_of(session, message.id, session.agent_phone, OutboxPurpose::relay);
  copy.body = format_relayed_message(session.code, session.context.name, message.text);
  log.queue_whatsapp(copy);
  point_agent_at(log.tx(), session.agent_phone, session.id);
}

}  // namespace

bool with_agent(const SessionRecord& session) {
  return (session.state == SessionState::waiting || session.state == SessionState::live) &&
         !session.agent_phone.empty();
}

void send_copies(SessionLog& log, const SessionRecord& session, const Message& message, MessageSource source) {
  // An edit or a deletion reaches those who got the message: pass_on_revision.
  if (!says_something(message.kind)) return;
  switch (source) {
    case MessageSource::website:
      // The agent who will call reads what is written before the call.
      if (call_holds_chat(log, session)) {
        copy_to_agent(log, session, message);
        return;
      }
      // Before an agent is chosen the assistant answers instead.
      if (!with_agent(session)) return;
      copy_to_agent(log, session, message);
      mirror_to_visitor_whatsapp(log, session, message);
      return;
    case MessageSource::visitor_whatsapp:
      if (!session.agent_phone.empty()) copy_to_agent(log, session, message);
      return;
    case MessageSource::agent_whatsapp: mirror_to_visitor_whatsapp(log, session, message); return;
  }
}

void mirror_to_visitor_whatsapp(SessionLog& log, const SessionRecord& session, const Message& message) {
  // Never to a number that has not written in this chat: it was only typed
  // by someone on the website, and may not be theirs.
  if (session.mode != HandoffMode::whatsapp || session.visitor_whatsapp.empty() || session.whatsapp_joined_ms == 0 ||
      !says_something(message.kind)) {
    return;
  }
  if (message.author == Author::agent &&
      react_on_whatsapp(log, session, message, Author::visitor, session.visitor_whatsapp, OutboxPurpose::mirror)) {
    return;
  }
  if (message.text.empty() && message.attachment.empty()) return;
  std::string body;
  auto words = message.text.empty() ? file_words(message) : message.text;
  if (message.author == Author::agent) {
    body = "*" + (message.author_name.empty() ? std::string("Agent") : message.author_name) + "*: " + words;
  } else if (message.author == Author::visitor) {
    body = "(website) " + words;
  } else {
    return;
  }
  if (!message.attachment.empty()) {
    queue_file(log, session, message, session.visitor_whatsapp, OutboxPurpose::mirror, std::move(body));
    return;
  }
  auto copy = copy_of(session, message.id, session.visitor_whatsapp, OutboxPurpose::mirror);
  copy.body = cut_to(std::move(body), whatsapp_text_chars);
  log.queue_whatsapp(copy);
}

namespace {

bool untried(const OutboxRecord& copy) {
  return copy.wamid.empty() && copy.attempts == 0 &&
         (copy.state == OutboxState::pending || copy.state == OutboxState::awaiting_window);
}

// What the one who got the copy reads about the change: the visitor's
// WhatsApp hears of the agent's edits in their language, the agent of the
// visitor's under the chat's code.
std::string revision_words(const SessionRecord& session, const Message& original, const Message& revision,
                           OutboxPurpose purpose) {
  bool deleted = revision.kind == MessageKind::deleted;
  if (purpose == OutboxPurpose::mirror) {
    auto agent = original.author_name.empty() ? std::string("Agent") : original.author_name;
    return deleted ? visitor_sentence(VisitorText::whatsapp_agent_deleted, session, {{"agent", agent}})
                   : visitor_sentence(VisitorText::whatsapp_agent_edited, session,
                                      {{"agent", agent}, {"text", revision.text}});
  }
  return format_relayed_message(session.code, session.context.name,
                                deleted ? std::string("🗑️ deleted this message")
                                        : "✏️ edited: " + revision.text);
}

}  // namespace

void pass_on_revision(SessionLog& log, const SessionRecord& session, const Message& original, const Message& revision) {
  const bool deleted = revision.kind == MessageKind::deleted;
  std::vector<std::string> told;  // one note each, though a voice note went as two rows
  for (auto& copy : log.tx().outbox().copies_of(session.id, original.id)) {
    if (copy.purpose != OutboxPurpose::relay && copy.purpose != OutboxPurpose::mirror) continue;
    if (copy.state == OutboxState::failed) continue;  // it never reached them
    bool alone = copy.more_message_ids.empty() && copy.message_id == original.id;
    if (deleted && alone && untried(copy)) {
      copy.state = OutboxState::failed;
      copy.last_error = "its author deleted the message before it was sent";
      copy.body.clear();
      log.tx().outbox().update(copy);
      log.effects().finished.push_back(copy.id);
      continue;
    }
    // Nothing of a deleted message stays in what was sent, but its mark.
    if (deleted && alone && copy.state == OutboxState::sent) {
      copy.body.clear();
      log.tx().outbox().update(copy);
    }
    if (std::find(told.begin(), told.end(), copy.recipient) != told.end()) continue;
    told.push_back(copy.recipient);
    auto note = copy_of(session, revision.id, copy.recipient, copy.purpose);
    note.body = cut_to(revision_words(session, original, revision, copy.purpose), whatsapp_text_chars);
    note.about_wamid = copy.wamid;  // quoted once the copy has gone
    log.queue_whatsapp(note);
  }
}

std::string message_carried_by(SessionLog& log, const std::string& session_id, std::string_view wamid) {
  if (wamid.empty()) return {};
  auto copy = log.tx().outbox().find_by_wamid(wamid);
  if (!copy || copy->session_id != session_id) return {};
  return copy->more_message_ids.empty() ? copy->message_id : copy->more_message_ids.back();
}

void end_visitor_whatsapp(SessionLog& log, const SessionRecord& session, const std::string& farewell) {
  if (session.mode != HandoffMode::whatsapp || session.visitor_whatsapp.empty()) return;
  for (auto& parked : log.tx().outbox().awaiting_window_for_session(session.visitor_whatsapp, session.id)) {
    parked.state = OutboxState::failed;
    parked.last_error = "the chat ended before the visitor's WhatsApp window opened again";
    log.tx().outbox().update(parked);
    log.effects().finished.push_back(parked.id);
  }
  // Only worth saying to a thread the visitor actually uses.
  if (session.whatsapp_joined_ms > 0)
    log.queue_whatsapp(session.id, session.visitor_whatsapp, OutboxPurpose::mirror, farewell);
}

}  // namespace baton
