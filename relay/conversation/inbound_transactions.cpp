#include "relay/conversation/inbound_transactions.hpp"

#include <charconv>

#include "relay/conversation/agent_commands.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/attachment_transactions.hpp"
#include "relay/conversation/delivery_transactions.hpp"
#include "relay/conversation/handoff/callback.hpp"
#include "relay/conversation/handoff/whatsapp.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/conversation/revisions.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/conversation/system_messages.hpp"
#include "relay/whatsapp/inbound_record.hpp"
#include "relay/whatsapp/shown_text.hpp"

namespace baton {
namespace {

std::string sender_key(const InboundMessage& m) { return m.from.empty() ? m.from_user_id : m.from; }

// How far a contact's window may lag before a message from them moves it:
// the 24-hour window then ends at most this much early, and someone writing
// in a busy chat does not rewrite their contact with every message.
constexpr std::int64_t window_step_ms = 60'000;

// The sender's contact, updated: their window reopens now (and if it had
// closed, an agent becomes available again).
ContactRecord touch_contact(SessionLog& log, const InboundMessage& m) {
  auto& wa = log.tx().whatsapp();
  std::optional<ContactRecord> contact;
  if (!m.from.empty()) contact = wa.contact_by_phone(m.from);
  if (!contact && !m.from_user_id.empty()) contact = wa.contact_by_user_id(m.from_user_id);
  ContactRecord c = contact.value_or(ContactRecord{});
  if (!m.from.empty()) c.phone = m.from;
  if (!m.from_user_id.empty()) c.user_id = m.from_user_id;
  if (!m.profile_name.empty()) c.name = m.profile_name;
  auto written_at = m.timestamp_ms > 0 ? std::min(m.timestamp_ms, log.now_ms()) : log.now_ms();
  if (log.now_ms() - c.last_inbound_ms >= AgentDirectory::window_ms) log.effects().availability_may_change = true;
  bool same_person = contact && contact->phone == c.phone && contact->user_id == c.user_id && contact->name == c.name;
  if (same_person && written_at - c.last_inbound_ms < window_step_ms) return c;
  c.last_inbound_ms = std::max(c.last_inbound_ms, written_at);
  wa.save_contact(c);
  return c;
}

void reply_to_agent(SessionLog& log, const std::string& agent_phone, std::string text) {
  log.queue_whatsapp({}, agent_phone, OutboxPurpose::notice, std::move(text));
}

void apply_agent_message(SessionLog& log, const InboundMessage& m, const AgentConfig& agent,
                         const AgentDirectory& agents, bool had_parked, WebhookTally& tally) {
  // What an agent does can change who is available: a command, a chat
  // taken or ended, a window reopened (set below where it happens).
  if (m.reply_id.starts_with(accept_button_prefix)) {
    log.effects().availability_may_change = true;
    log.tx().whatsapp().route_inbound(m.wamid, "", "accept button");
    reply_to_agent(log, agent.phone, take_chat(log, agent, agents, m.reply_id.substr(accept_button_prefix.size())));
    return;
  }
  if (m.kind == MessageKind::text && is_agent_command(m.text)) {
    log.effects().availability_may_change = true;
    // Kept for the admin API without its text: a command is not a message.
    log.tx().whatsapp().route_inbound(m.wamid, "", "agent command");
    reply_to_agent(log, agent.phone, run_agent_command(log, agent, agents, m.text));
    return;
  }
  auto routed = route_agent_message(log.tx(), m, agent.phone);
  if (auto* error = std::get_if<AgentRouteError>(&routed)) {
    log.tx().whatsapp().route_inbound(m.wamid, "", shown_text(m, m.text, Lang::en));
    ++tally.unrouted_messages;
    reply_to_agent(log, agent.phone, error->reply);
    return;
  }
  auto& target = std::get<AgentTarget>(routed);
  // While chats waited for the agent to reopen the window, the agent had not
  // seen them: what they write to reopen it is not an answer to the visitor.
  if (target.window_reply || (had_parked && target.how == AgentTarget::How::recent)) {
    log.tx().whatsapp().route_inbound(m.wamid, target.session_id, "reopened the 24-hour window");
    return;
  }
  auto session = target.session ? std::move(target.session) : log.tx().sessions().find(target.session_id);
  if (!session) {
    // Erased (by its visitor, or for being old) since the agent last wrote
    // in it: said, not swallowed.
    log.tx().whatsapp().route_inbound(m.wamid, "", shown_text(m, m.text, Lang::en));
    ++tally.unrouted_messages;
    reply_to_agent(log, agent.phone, "That chat was deleted. Nothing was sent.");
    return;
  }
  // Whose chat is it? Only its holder writes in it; a chat waiting for
  // someone else is taken first (capacity and "first to accept" apply); an
  // ended chat takes nothing, but for the agent of its booked call. A
  // reaction never takes a chat.
  bool mine = session->agent_phone == agent.phone;
  std::string refusal;
  bool holds_call = mine && call_holds_chat(log, *session);
  if ((session->state == SessionState::ended && !holds_call) || session->state == SessionState::bot) {
    refusal = "Chat #" + session->code + " is not open any more. Nothing was sent.";
  } else if (session->state == SessionState::live && !mine) {
    const auto holder = agents.find_by_phone(session->agent_phone);
    refusal = "Chat #" + session->code + " is with " + (holder ? holder->name : std::string("another agent")) +
              ". Nothing was sent.";
  } else if (!mine && m.kind == MessageKind::reaction) {
    refusal = "React in your own chats only.";
  } else if (session->state == SessionState::waiting) {
    // Writing in a waiting chat takes it, as Accept does: the holder's first
    // reply makes it live; anyone else's takes it from them.
    auto answer = take_chat(log, agent, agents, session->id);
    session = log.tx().sessions().find(target.session_id);
    if (!session || session->agent_phone != agent.phone) refusal = answer;
  }
  if (!refusal.empty()) {
    log.tx().whatsapp().route_inbound(m.wamid, "", shown_text(m, m.text, Lang::en));
    ++tally.unrouted_messages;
    reply_to_agent(log, agent.phone, refusal);
    return;
  }
  if (!target.text.empty() || m.kind != MessageKind::text) {
    Message draft;
    draft.author = Author::agent;
    draft.author_name = agent.name;
    draft.kind = m.kind;
    draft.text = shown_text(m, target.text, visitor_language(*session));
    attach_received_file(log, session->id, m, target.caption, draft, visitor_language(*session));
    // A reaction to a message of the chat is shown on that message.
    if (m.kind == MessageKind::reaction) {
      draft.about = message_carried_by(log, session->id, m.context_id);
      if (!draft.about.empty()) draft.text = m.label_value;
    }
    auto message = log.append(session->id, draft, m.wamid);
    send_copies(log, *session, message, MessageSource::agent_whatsapp);
  }
  // A message marked the chat active (next_seq); a code alone changes nothing in it.
  point_agent_at(log.tx(), agent.phone, session->id);
  log.tx().whatsapp().route_inbound(m.wamid, session->id, "");
}

// Whether a message from this sender can end in a chat: an agent's, or one
// from a number a visitor gave for WhatsApp. Anyone else is told how to
// start a chat, and nothing of theirs is kept.
bool may_reach_a_chat(StoreTx& tx, const InboundMessage& m, const AgentDirectory& agents) {
  std::string phone = m.from;
  if (phone.empty() && !m.from_user_id.empty()) {
    if (auto contact = tx.whatsapp().contact_by_user_id(m.from_user_id)) phone = contact->phone;
  }
  if (phone.empty()) return false;
  return agents.find_by_phone(phone).has_value() || tx.sessions().latest_for_visitor_whatsapp(phone, false).has_value();
}

void apply_message(SessionLog& log, const InboundMessage& m, const AgentDirectory& agents, WebhookTally& tally) {
  auto key = sender_key(m);
  if (!log.tx().whatsapp().remember_inbound(m.wamid, key, log.now_ms())) {
    ++tally.duplicate_messages;
    return;
  }
  ++tally.messages;
  // Not from a person to a person: no chat line, no window opened.
  if (is_system_message(m)) {
    apply_system_message_tx(log, m, agents);
    return;
  }
  // A file joins its chat once it is downloaded (relay/workers/media_worker);
  // a stranger's is never fetched (found on review: anyone could send large
  // files that were downloaded, one at a time, ahead of the chats' own).
  if (m.kind == MessageKind::media && !m.media_id.empty() && !m.received && !m.download_failed &&
      may_reach_a_chat(log.tx(), m, agents)) {
    log.tx().attachments().queue_fetch(
        MediaFetchRecord{m.wamid, inbound_to_json(m), 0, log.now_ms(), log.now_ms(), {}});
    log.tx().whatsapp().route_inbound(m.wamid, "", "media: waiting for its download");
    log.effects().media_fetch_queued = true;
    return;
  }
  deliver_inbound_tx(log, m, agents, tally);
}

}  // namespace

void deliver_inbound_tx(SessionLog& log, const InboundMessage& m, const AgentDirectory& agents, WebhookTally& tally) {
  // Meta does not say that changing an old message reopens the 24-hour
  // window: it is taken not to, and the contact is left as it was.
  if (m.kind == MessageKind::edit || m.kind == MessageKind::deleted) {
    const auto agent = m.from.empty() ? std::nullopt : agents.find_by_phone(m.from);
    apply_revision_tx(log, m, sender_key(m), agent ? &*agent : nullptr, tally);
    return;
  }
  auto contact = touch_contact(log, m);
  // Anything parked for this sender can go now; phone and id are both keys.
  bool had_parked = false;
  for (const auto& recipient : {contact.phone, contact.user_id}) {
    if (!recipient.empty() && release_parked(log, recipient) > 0) had_parked = true;
  }
  const auto agent = contact.phone.empty() ? std::nullopt : agents.find_by_phone(contact.phone);
  if (agent) {
    apply_agent_message(log, m, *agent, agents, had_parked, tally);
    return;
  }
  apply_visitor_whatsapp_message(log, m, contact, tally);
}

namespace {

std::optional<OutboxRecord> outbox_row_for(StoreTx& tx, const StatusUpdate& s) {
  if (auto record = tx.outbox().find_by_wamid(s.wamid)) return record;
  // A call whose answer was lost: its callback data names the row.
  std::string_view data = s.callback_data;
  if (!data.starts_with(callback_prefix)) return std::nullopt;
  data.remove_prefix(callback_prefix.size());
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(data.data(), data.data() + data.size(), id);
  if (ec != std::errc() || ptr != data.data() + data.size()) return std::nullopt;
  auto record = tx.outbox().find(id);
  if (!record || !record->wamid.empty()) return std::nullopt;
  return record;
}

void apply_status(SessionLog& log, const StatusUpdate& s, const DeliveryPolicy& policy, WebhookTally& tally) {
  if (!log.tx().whatsapp().remember_status(s.wamid, s.status, log.now_ms())) {
    ++tally.duplicate_statuses;
    return;
  }
  ++tally.statuses;
  // A message that failed is over; a late or reordered status about it must
  // not settle the row that is now being sent again.
  if (s.status != "failed" && log.tx().whatsapp().status_seen(s.wamid, {"failed"})) return;
  auto record = outbox_row_for(log.tx(), s);
  if (!record) return;  // not sent by this relay
  // What Meta charges for it, once per message, for the cost per resolution.
  if (s.pricing && !record->session_id.empty()) {
    log.tx().usage().record_charge(
        WhatsappCharge{s.wamid, record->session_id, s.pricing->category, s.pricing->billable, log.now_ms()});
  }
  // A status proves Meta took the message: also for a row back in line
  // after an answer that said otherwise (a 5xx, a proxy's 503), which would
  // else be sent again (found on review: the agent got it twice).
  bool unsettled = record->state == OutboxState::in_flight || record->state == OutboxState::pending;
  if (unsettled && s.status != "failed") mark_accepted(log, *record, s.wamid);

  if (s.status == "failed") {
    const WaError* error = s.errors.empty() ? nullptr : &s.errors.front();
    std::string description = error ? "(#" + std::to_string(error->code) + ") " + error->title : "failed";
    if (error && !error->details.empty()) description += ": " + error->details;
    settle_late_failure(log, *record, s.wamid, error ? error->code : 0, description, policy);
    return;
  }
  // A mirror's ticks are the visitor's own phone: they say nothing of
  // whether the message's other reader has it.
  if (record->message_id.empty() || record->purpose == OutboxPurpose::mirror) return;
  for (const auto& id : carried_messages(*record)) {
    if (s.status == "delivered") log.advance_status(record->session_id, id, MessageStatus::delivered);
    if (s.status == "read") log.advance_status(record->session_id, id, MessageStatus::read);
  }
}

}  // namespace

WebhookTally apply_webhook_tx(SessionLog& log, const WebhookBatch& batch, const AgentDirectory& agents,
                              const DeliveryPolicy& policy) {
  WebhookTally tally;
  // Messages first: a status problem must never cost an inbound message.
  for (const auto& m : batch.messages) apply_message(log, m, agents, tally);
  for (const auto& s : batch.statuses) apply_status(log, s, policy, tally);
  for (const auto& e : batch.errors) {
    log.tx().whatsapp().record_error(e.code, e.title, e.details, log.now_ms());
    // Trouble of the account itself (a lock, a payment problem) stops the outbox too.
    if (is_account_error(e.code)) {
      log.effects().account_trouble = AccountTrouble{e.code, "(#" + std::to_string(e.code) + ") " + e.title};
    }
    ++tally.errors;
  }
  return tally;
}

}  // namespace baton
