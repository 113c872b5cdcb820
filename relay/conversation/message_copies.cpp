#include "relay/conversation/message_copies.hpp"

#include <algorithm>

#include "common/handoff_text.hpp"
#include "common/text_policy.hpp"
#include "common/utf8.hpp"
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
    return;
  }
  if (auto waiting = log.tx().outbox().unsent_relay(session.id, session.agent_phone);
      waiting && waiting->kind == OutboxKind::text) {
    auto joined = waiting->body + "\n" + clean_text(message.text);
    if (utf8::length(joined) <= whatsapp_text_chars) {
      waiting->body = std::move(joined);
      waiting->more_message_ids.push_back(message.id);
      log.tx().outbox().update(*waiting);
      return;
    }
  }
  auto copy = copy_of(session, message.id, session.agent_phone, OutboxPurpose::relay);
  copy.body = text_copy_words(session, message, OutboxPurpose::relay);
  log.queue_whatsapp(copy);
  // The agent's plain replies come to this chat once the copy has gone
  // (mark_accepted).
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
  if (message.author != Author::agent && message.author != Author::visitor) return;
  auto body = text_copy_words(session, message, OutboxPurpose::mirror);
  if (!message.attachment.empty()) {
    queue_file(log, session, message, session.visitor_whatsapp, OutboxPurpose::mirror, std::move(body));
    return;
  }
  auto copy = copy_of(session, message.id, session.visitor_whatsapp, OutboxPurpose::mirror);
  copy.body = cut_to(std::move(body), whatsapp_text_chars);
  log.queue_whatsapp(copy);
}

namespace {

void cancel_copy(SessionLog& log, OutboxRecord& copy, const char* why) {
  copy.state = OutboxState::failed;
  copy.last_error = why;
  copy.body.clear();
  log.tx().outbox().update(copy);
  log.effects().finished.push_back(copy.id);
}

// Not gone, and not going now: what it says may still change.
bool unsent(const OutboxRecord& copy) { return copy.wamid.empty() && copy.state != OutboxState::in_flight; }

// A text copy says again what its messages now say (one, or a visitor's
// burst joined as copy_to_agent joins it), leaving out deleted ones. False
// when none is left to say.
bool say_again(SessionLog& log, const SessionRecord& session, OutboxRecord& copy) {
  std::vector<std::string> ids{copy.message_id};
  ids.insert(ids.end(), copy.more_message_ids.begin(), copy.more_message_ids.end());
  std::vector<Message> kept;
  for (const auto& id : ids) {
    auto message = log.tx().messages().find(session.id, id);
    if (message && message->kind != MessageKind::deleted) kept.push_back(std::move(*message));
  }
  if (kept.empty()) return false;
  auto body = text_copy_words(session, kept.front(), copy.purpose);
  copy.message_id = kept.front().id;
  copy.more_message_ids.clear();
  for (std::size_t i = 1; i < kept.size(); ++i) {
    body += "\n" + clean_text(kept[i].text);
    copy.more_message_ids.push_back(kept[i].id);
  }
  copy.body = cut_to(std::move(body), whatsapp_text_chars);
  return true;
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

// Only those who still have the chat hear of a change: not an agent it was
// taken from, nor a number that has left it.
bool still_has_chat(const SessionRecord& session, const OutboxRecord& copy) {
  if (!with_agent(session)) return false;
  if (copy.purpose == OutboxPurpose::mirror) {
    return session.mode == HandoffMode::whatsapp && session.whatsapp_joined_ms > 0 &&
           copy.recipient == session.visitor_whatsapp;
  }
  return copy.recipient == session.agent_phone;
}

}  // namespace

std::string text_copy_words(const SessionRecord& session, const Message& message, OutboxPurpose purpose) {
  auto words = message.text.empty() ? file_words(message) : message.text;
  if (purpose == OutboxPurpose::relay) return format_relayed_message(session.code, session.context.name, words);
  if (message.author == Author::agent) {
    return "*" + (message.author_name.empty() ? std::string("Agent") : message.author_name) + "*: " + words;
  }
  return "(website) " + words;
}

void pass_on_revision(SessionLog& log, const SessionRecord& session, const Message& original, const Message& revision) {
  const bool deleted = revision.kind == MessageKind::deleted;
  std::vector<std::string> told;  // one note each, though a voice note went as two rows
  for (auto& copy : log.tx().outbox().copies_of(session.id, original.id)) {
    if (copy.purpose != OutboxPurpose::relay && copy.purpose != OutboxPurpose::mirror) continue;
    if (copy.state == OutboxState::failed) continue;  // it never reached them
    if (copy.kind == OutboxKind::text) {
      // What has not gone yet goes as the message now reads; what has gone
      // keeps nothing of a deleted message but its mark.
      if (unsent(copy) || deleted) {
        if (say_again(log, session, copy)) log.tx().outbox().update(copy);
        else if (unsent(copy)) cancel_copy(log, copy, "its author deleted the message before it was sent");
        else {
          copy.body.clear();
          log.tx().outbox().update(copy);
        }
        if (unsent(copy) || copy.state == OutboxState::failed) continue;
      }
    } else if (deleted && unsent(copy)) {
      cancel_copy(log, copy, "its author deleted the message before it was sent");
      continue;
    }
    if (!still_has_chat(session, copy)) continue;
    if (std::find(told.begin(), told.end(), copy.recipient) != told.end()) continue;
    told.push_back(copy.recipient);
    // A note to the agent is a notice: no later message of the chat joins it.
    auto note = copy_of(session, revision.id, copy.recipient,
                        copy.purpose == OutboxPurpose::mirror ? OutboxPurpose::mirror : OutboxPurpose::notice);
    note.body = cut_to(revision_words(session, original, revision, copy.purpose), whatsapp_text_chars);
    note.about_wamid = copy.wamid;  // quoted when the copy has gone already
    log.queue_whatsapp(note);
  }
}

void drop_revision_notes(SessionLog& log, const std::string& session_id, const std::vector<std::string>& edit_ids) {
  for (const auto& edit_id : edit_ids) {
    for (auto& note : log.tx().outbox().copies_of(session_id, edit_id)) {
      if (note.state == OutboxState::failed) continue;
      if (unsent(note)) {
        cancel_copy(log, note, "the message it was about was deleted");
      } else {
        note.body.clear();
        log.tx().outbox().update(note);
      }
    }
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
