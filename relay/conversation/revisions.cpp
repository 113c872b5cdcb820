#include "relay/conversation/revisions.hpp"

#include "common/service_window.hpp"
#include "common/text_policy.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/handoff/whatsapp.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/whatsapp/inbound_record.hpp"

namespace baton {
namespace {

// The change cannot be shown: the sender learns that the other side still
// reads what they first sent, so they can say it again.
void tell_not_passed_on(SessionLog& log, const std::string& sender, const AgentConfig* agent) {
  // A deletion may come two days late: past the 24-hour window the answer
  // would cost a template, or arrive long after it meant anything.
  auto contact = log.tx().whatsapp().contact_by_phone(sender);
  if (!contact || !service_window_open(contact->last_inbound_ms, log.now_ms())) return;
  if (agent) {
    log.queue_whatsapp({}, agent->phone, OutboxPurpose::notice,
                       "WhatsApp did not pass on what you changed, so the visitor still sees your message as you "
                       "first sent it. Send the correction as a new message.");
    return;
  }
  auto session = log.tx().sessions().latest_for_visitor_whatsapp(sender, true);
  if (!session) return;  // no chat of theirs shows the message
  log.queue_whatsapp({}, sender, OutboxPurpose::sender_reply,
                     visitor_sentence(VisitorText::whatsapp_edit_not_passed_on, *session));
}

// What an edit says, without the chat's code that routed the first send
// (an agent's "#CODE", a visitor's "Chat #CODE").
std::string without_code(Author author, const std::string& text, const std::string& code) {
  if (author == Author::agent) return without_chat_code(text, code);
  auto found = code_in(text);
  return found && found->first == code ? found->second : text;
}

// The message as it reads after the change, or nothing when the change
// cannot apply: WhatsApp edits only texts and captions, and a file that
// never arrived has no caption of its own to change.
std::optional<Message> revised(const Message& original, const InboundMessage& m, const SessionRecord& session) {
  // Only a line someone wrote: not a reaction, nor a change itself.
  if (!says_something(original.kind) || original.kind == MessageKind::reaction) return std::nullopt;
  Message out = original;
  if (m.kind == MessageKind::deleted) {
    out.kind = MessageKind::deleted;
    out.text.clear();
    out.about.clear();
    out.attachment = {};
    return out;
  }
  bool has_file = original.kind == MessageKind::media && !original.attachment.empty();
  if (original.kind != MessageKind::text && !has_file) return std::nullopt;
  out.text = clean_text(without_code(original.author, m.text, session.code));
  if ((out.text.empty() && !has_file) || out.text == original.text) return std::nullopt;
  return out;
}

// A file still downloading when its sender changes it: a deletion drops the
// download, an edit changes the caption it will join with. False when no
// download of theirs waits.
bool revise_download(SessionLog& log, const InboundMessage& m) {
  auto& files = log.tx().attachments();
  auto fetch = files.find_fetch(m.original_id);
  if (!fetch) return false;
  if (m.kind == MessageKind::deleted) {
    files.finish_fetch(m.original_id);
    log.tx().whatsapp().route_inbound(m.original_id, "", "deleted before its file arrived");
    return true;
  }
  auto waiting = inbound_from_json(fetch->inbound);
  if (!waiting) return false;
  waiting->caption = m.text;
  waiting->text = m.text;
  files.rewrite_fetch(m.original_id, inbound_to_json(*waiting));
  return true;
}

// A deleted message's file goes with it, unless another message of the chat
// carries the same bytes.
void drop_file(SessionLog& log, const std::string& session_id, const Attachment& file) {
  if (file.empty() || log.tx().messages().count_carrying(session_id, file.id) > 0) return;
  log.tx().attachments().remove(file.id);
}

}  // namespace

void apply_revision_tx(SessionLog& log, const InboundMessage& m, const std::string& sender, const AgentConfig* agent,
                       WebhookTally& tally) {
  auto& wa = log.tx().whatsapp();
  const bool deleting = m.kind == MessageKind::deleted;
  if (m.original_id.empty()) {
    wa.route_inbound(m.wamid, "",
                     deleting ? "a deletion WhatsApp did not describe" : "an edit WhatsApp did not describe");
    ++tally.unrouted_messages;
    tell_not_passed_on(log, sender, agent);
    return;
  }
  // Only the sender's own message, as on WhatsApp itself.
  if (wa.inbound_sender(m.original_id) != sender) {
    wa.route_inbound(m.wamid, "", "a change to a message that is not the sender's");
    ++tally.unrouted_messages;
    return;
  }
  if (revise_download(log, m)) {
    wa.route_inbound(m.wamid, "", deleting ? "deleted a file still downloading" : "edited a file still downloading");
    return;
  }
  auto found = log.tx().messages().locate(m.original_id);
  std::optional<SessionRecord> session;
  if (found) session = log.tx().sessions().find(found->first);
  if (!session || found->second.kind == MessageKind::deleted) {
    wa.route_inbound(m.wamid, "",
                     deleting ? "a deletion of a message no chat shows" : "an edit of a message no chat shows");
    ++tally.unrouted_messages;
    return;
  }
  const auto& original = found->second;
  auto now = revised(original, m, *session);
  if (!now) {
    wa.route_inbound(m.wamid, session->id, "an edit that changes nothing shown");
    return;
  }
  log.tx().messages().rewrite(session->id, *now);
  if (deleting) {
    drop_revision_notes(log, session->id, log.tx().messages().forget_edits(session->id, original.id));
    drop_file(log, session->id, original.attachment);
  }
  Message entry;
  entry.author = original.author;
  entry.author_name = original.author_name;
  entry.kind = m.kind;
  entry.about = original.id;
  entry.text = deleting ? std::string() : now->text;
  auto revision = log.append(session->id, entry, m.wamid);
  pass_on_revision(log, *session, original, revision);
  wa.route_inbound(m.wamid, session->id, "");
}

}  // namespace baton
