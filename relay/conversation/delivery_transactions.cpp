#include "relay/conversation/delivery_transactions.hpp"

#include "common/service_window.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/handoff/callback.hpp"
#include "relay/conversation/handoff/whatsapp.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/whatsapp/graph_client.hpp"

namespace baton {
namespace {

std::optional<ContactRecord> contact_for(StoreTx& tx, const std::string& recipient) {
  return recipient.starts_with('+') ? tx.whatsapp().contact_by_phone(recipient)
                                    : tx.whatsapp().contact_by_user_id(recipient);
}

// A copy of one message its author has deleted since, or a note about an
// edit of it: parked, retried or failed late, it must still never go.
bool speaks_for_deleted(StoreTx& tx, const OutboxRecord& record) {
  if (record.message_id.empty() || !record.more_message_ids.empty()) return false;
  auto message = tx.messages().find(record.session_id, record.message_id);
  if (!message) return false;
  return (message->kind == MessageKind::deleted && message->about.empty()) ||
         (message->kind == MessageKind::edit && message->text.empty());
}

void schedule_retry(SessionLog& log, OutboxRecord& record, std::int64_t delay_ms, OutboxState state) {
  record.state = state;
  record.next_attempt_ms = log.now_ms() + delay_ms;
  log.tx().outbox().update(record);
  log.effects().retry.emplace_back(record.id, record.next_attempt_ms);
}

// Why a row failed once its --max-send-attempts were spent.
std::string gave_up(const OutboxRecord& record, const std::string& last_trouble) {
  return "gave up after " + std::to_string(record.attempts) + " attempts: " + last_trouble;
}

// How long a row waits after passing trouble of `kind` before it goes again.
const Backoff& backoff_for(SendOutcome::Kind kind, const DeliveryPolicy& policy) {
  if (kind == SendOutcome::Kind::throttled) return policy.throttled;
  if (kind == SendOutcome::Kind::throttled_recipient) return policy.pair_limited;
  return policy.retry;
}

// What the business writes to a visitor (Continue on WhatsApp, call-backs),
// as opposed to an agent.
bool is_to_visitor(const OutboxRecord& record) {
  return record.purpose == OutboxPurpose::continue_chat || record.purpose == OutboxPurpose::mirror ||
         record.purpose == OutboxPurpose::call || record.purpose == OutboxPurpose::sender_reply;
}

// The agent never got the chat (their number refused it for good): the
// visitor need not wait for the queue timeout to choose another way.
// Codes by which WhatsApp says this number cannot get the business's
// messages at all (not on WhatsApp, not allowed, locked), as opposed to an
// outage or a limit that a later attempt may get past.
bool recipient_unreachable(std::int64_t code) {
  return code == 131026 || code == 131030 || code == 131021 || code == 131031;
}

void offer_other_ways_if_unreached(SessionLog& log, const OutboxRecord& record, std::int64_t code) {
  if (record.purpose != OutboxPurpose::handoff) return;
  auto session = log.tx().sessions().find(record.session_id);
  if (!session || session->agent_phone != record.recipient) return;
  bool for_good = recipient_unreachable(code);
  // A booked call whose agent can never hear of it will not happen.
  bool call_off = for_good && session->mode == HandoffMode::callback &&
                  cancel_call_of_unreached_agent(log, session->id, record.recipient, CallSettings{});
  if (session->state != SessionState::waiting && !call_off) return;
  if (for_good && session->state == SessionState::waiting) {
    // Nobody has the chat: back with the assistant, every other way is open
    // (another agent, WhatsApp, a call, a message).
    session->state = SessionState::bot;
    forget_agent_chat(log.tx(), session->agent_phone, session->id);
    session->agent_phone.clear();
    session->updated_ms = log.now_ms();
    log.tx().sessions().update(*session);
    log.tx().queue().end_wait(session->id);
    log.effects().publish(session->id, StateChange{SessionState::bot, {}, {}});
    log.effects().availability_may_change = true;
  }
  Message offer;
  offer.author = Author::bot;
  offer.kind = MessageKind::handoff_offer;
  offer.text = visitor_sentence(VisitorText::offer_after_wait, *session);
  log.append(session->id, offer);
  log.tx().queue().mark_offered(session->id, log.now_ms());
}

}  // namespace

SendClaim claim_send_tx(SessionLog& log, std::int64_t outbox_id, const DeliveryPolicy& policy) {
  SendClaim claim;
  auto record = log.tx().outbox().find(outbox_id);
  if (!record || record->state == OutboxState::sent || record->state == OutboxState::failed ||
      record->state == OutboxState::awaiting_window) {
    log.effects().finished.push_back(outbox_id);
    return claim;
  }
  if (record->state == OutboxState::in_flight && record->next_attempt_ms > log.now_ms()) {
    // Claimed and not yet due again: another relay's call is out (this
    // relay's own claims come back only once due). The row was read locked,
    // so that claim has committed; the relay that made it settles it.
    claim.busy_until_ms = record->next_attempt_ms;
    return claim;
  }
  if (speaks_for_deleted(log.tx(), *record)) {
    record->state = OutboxState::failed;
    record->last_error = "its author deleted the message";
    record->body.clear();
    log.tx().outbox().update(*record);
    log.effects().finished.push_back(outbox_id);
    return claim;
  }
  // Still in flight once due: the last call's answer was lost and no status
  // named it within the grace period. On the last attempt, there is no other.
  if (record->state == OutboxState::in_flight && record->attempts >= policy.max_attempts) {
    fail_delivery(log, *record, gave_up(*record, "no answer, and no status within the grace period"), 0);
    return claim;
  }
  // Only a template may open a closed window; text and buttons wait for it.
  if (record->kind != OutboxKind::template_message) {
    auto contact = contact_for(log.tx(), record->recipient);
    if (!service_window_open(contact ? contact->last_inbound_ms : 0, log.now_ms())) {
      park_for_window(log, *record);
      return claim;
    }
  }
  record->attempts += 1;
  record->state = OutboxState::in_flight;
  auto longest = record->kind == OutboxKind::media ? policy.longest_file_send_ms : policy.longest_send_ms;
  record->next_attempt_ms = log.now_ms() + longest + policy.in_doubt_grace_ms;
  log.tx().outbox().update(*record);
  if (auto session = log.tx().sessions().find(record->session_id)) claim.session_code = session->code;
  claim.send = true;
  claim.record = *record;
  return claim;
}

void record_send_outcome_tx(SessionLog& log, std::int64_t outbox_id, const SendOutcome& outcome,
                            const DeliveryPolicy& policy, double unit_random) {
  using Kind = SendOutcome::Kind;
  auto record = log.tx().outbox().find(outbox_id);
  if (!record) {
    // Erased with its chat while the call was out: the lane it held moves
    // on (found on review: it stayed in flight for good, and with it one of
    // the relay's --graph-connections).
    log.effects().finished.push_back(outbox_id);
    return;
  }
  if (record->state == OutboxState::in_flight && outcome.kind == Kind::accepted &&
      log.tx().whatsapp().status_seen(outcome.wamid, {"failed"})) {
    // A late answer of an earlier attempt, whose message failed meanwhile
    // and was sent again: the attempt out now settles the row.
    return;
  }
  if (record->state == OutboxState::pending && outcome.kind == Kind::accepted &&
      !log.tx().whatsapp().status_seen(outcome.wamid, {"failed"})) {
    // A late failure of an earlier attempt put it back in line while this
    // one was out, and this one got through: sending again would duplicate it.
    mark_accepted(log, *record, outcome.wamid);
    return;
  }
  if (record->state != OutboxState::in_flight) {
    // A status webhook settled it while the call was out: sent, failed or
    // parked; or a late failure put it back in line (retry_after_failure).
    if (record->state == OutboxState::pending) log.effects().retry.emplace_back(outbox_id, record->next_attempt_ms);
    else log.effects().finished.push_back(outbox_id);
    return;
  }
  bool out_of_attempts = record->attempts >= policy.max_attempts;
  switch (outcome.kind) {
    case Kind::accepted: mark_accepted(log, *record, outcome.wamid); return;
    case Kind::window_closed: park_for_window(log, *record); return;
    case Kind::permanent: fail_delivery(log, *record, outcome.description, outcome.code); return;
    case Kind::account:
      // Not this message's fault: the attempt does not count, and the row
      // waits, first in its lane, until the account works again.
      record->attempts = record->attempts > 0 ? record->attempts - 1 : 0;
      log.effects().account_trouble = AccountTrouble{outcome.code, outcome.description};
      schedule_retry(log, *record, 0, OutboxState::pending);
      return;
    default: break;
  }
  if (outcome.kind == Kind::in_doubt) {
    // Stay in flight, on the last attempt too: a status webhook carrying our
    // callback data settles it; if none comes within the grace period, it
    // is sent again, or fails once its attempts are spent (claim_send_tx).
    // Failing it at once would tell the visitor "not delivered" about a
    // message Meta most likely took (found on review).
    schedule_retry(log, *record, policy.in_doubt_grace_ms, OutboxState::in_flight);
    return;
  }
  if (out_of_attempts) {
    fail_delivery(log, *record, gave_up(*record, outcome.description), outcome.code);
    return;
  }
  switch (outcome.kind) {
    case Kind::throttled: {
      auto delay = backoff_for(outcome.kind, policy).delay_ms(record->attempts, unit_random);
      log.effects().pause_all_until_ms = log.now_ms() + delay;
      schedule_retry(log, *record, delay, OutboxState::pending);
      break;
    }
    case Kind::throttled_recipient: {
      auto delay = backoff_for(outcome.kind, policy).delay_ms(record->attempts, unit_random);
      log.effects().pause_recipient.emplace_back(record->recipient, log.now_ms() + delay);
      schedule_retry(log, *record, delay, OutboxState::pending);
      break;
    }
    default:
      schedule_retry(log, *record, backoff_for(outcome.kind, policy).delay_ms(record->attempts, unit_random),
                     OutboxState::pending);
      break;
  }
}

DeliveryPolicy delivery_policy(const Config& config) {
  DeliveryPolicy policy;
  policy.max_attempts = config.max_send_attempts;
  policy.in_doubt_grace_ms = config.in_doubt_grace_ms;
  if (config.store_on_postgres()) {
    const std::chrono::milliseconds timeout(config.graph_timeout_ms);
    policy.longest_send_ms = longest_graph_call(timeout, false).count();
    policy.longest_file_send_ms = (longest_graph_call(timeout, true) + longest_graph_call(timeout, false)).count();
  }
  return policy;
}

void settle_late_failure(SessionLog& log, OutboxRecord& record, const std::string& wamid, std::int64_t code,
                         const std::string& description, const DeliveryPolicy& policy) {
  using Kind = SendOutcome::Kind;
  if (record.state == OutboxState::failed || record.state == OutboxState::pending ||
      record.state == OutboxState::awaiting_window) {
    return;  // already final, already going again, or parked
  }
  // What reached the phone stays reached.
  if (log.tx().whatsapp().status_seen(wamid, {"delivered", "read"})) return;
  auto kind = kind_of_error(code);
  if (kind == Kind::window_closed) {
    // As below: the failed message is gone, and the call that sends it
    // again must be found by its callback data if its answer is lost
    // (found on review: the old wamid hid it, and it was sent twice).
    record.wamid.clear();
    park_for_window(log, record);
    return;
  }
  if (record.wamid.empty()) record.wamid = wamid;
  if (kind == Kind::permanent) {
    fail_delivery(log, record, description, code);
    return;
  }
  // Unlike an answer's account error, this attempt counts: an account that
  // takes each message and then fails it (a payment problem) must not keep
  // one going round for ever; after --max-send-attempts it fails visibly.
  if (record.attempts >= policy.max_attempts) {
    fail_delivery(log, record, gave_up(record, description), code);
    return;
  }
  if (kind == Kind::account) log.effects().account_trouble = AccountTrouble{code, description};
  // A jitter of the row's own, so that many rows failed by one outage do
  // not all come back in the same instant.
  double unit = static_cast<double>((static_cast<std::uint64_t>(record.id) * 2654435761u) % 1000) / 1000.0;
  std::int64_t delay = kind == Kind::account ? 0 : backoff_for(kind, policy).delay_ms(record.attempts, unit);
  bool call_out = record.state == OutboxState::in_flight;
  // The failed message is gone for good; the next call gets a wamid of its
  // own, and statuses of this one change nothing (apply_status).
  record.wamid.clear();
  record.last_error = description;
  record.state = OutboxState::pending;
  record.next_attempt_ms = log.now_ms() + delay;
  log.tx().outbox().update(record);
  // A call still out settles it when its answer comes (record_send_outcome_tx);
  // a row the scheduler had let go goes back in line.
  if (!call_out) log.effects().enqueue.push_back(record);
}

void mark_accepted(SessionLog& log, OutboxRecord& record, const std::string& wamid) {
  record.state = OutboxState::sent;
  record.wamid = wamid;
  record.last_error.clear();
  log.tx().outbox().update(record);
  log.effects().finished.push_back(record.id);
  // The agent has this chat's message now, so a reply that names no chat is
  // for it. Pointed when it goes, not when it was queued (found on review: a
  // file still uploading, or a copy waiting out a failure, drew the agent's
  // plain answer to another chat away to a chat they had not seen yet).
  if (record.purpose == OutboxPurpose::relay && !record.session_id.empty()) {
    auto session = log.tx().sessions().find(record.session_id);
    if (session && with_agent(*session) && session->agent_phone == record.recipient) {
      point_agent_at(log.tx(), record.recipient, record.session_id);
    }
  }
}

std::vector<std::string> carried_messages(const OutboxRecord& record) {
  std::vector<std::string> ids;
  if (!record.message_id.empty()) ids.push_back(record.message_id);
  ids.insert(ids.end(), record.more_message_ids.begin(), record.more_message_ids.end());
  return ids;
}

std::size_t cancel_unsent_tx(SessionLog& log, const std::string& session_id, const std::string& recipient,
                             const std::string& why) {
  std::size_t cancelled = 0;
  auto rows = session_id.empty() ? log.tx().outbox().open() : log.tx().outbox().open_for_session(session_id);
  for (auto& row : rows) {
    // One in flight may already be on the phone: it settles as usual.
    if (row.state == OutboxState::in_flight) continue;
    if (!recipient.empty() && row.recipient != recipient) continue;
    fail_delivery(log, row, why, 0);
    ++cancelled;
  }
  return cancelled;
}

std::size_t tell_chats_whatsapp_unreachable_tx(SessionLog& log, const AgentDirectory& agents) {
  std::size_t told = 0;
  for (const auto& agent : agents.all()) {
    for (const auto& session : log.tx().sessions().open_for_agent(agent.phone)) {
      log.append_system(session.id, MessageKind::notice, {},
                        visitor_sentence(VisitorText::whatsapp_unreachable, session));
      ++told;
    }
  }
  return told;
}

void park_for_window(SessionLog& log, OutboxRecord& record) {
  record.state = OutboxState::awaiting_window;
  log.tx().outbox().update(record);
  log.effects().finished.push_back(record.id);
  log.effects().hold.push_back(record.recipient);

  // The reconnect template is the agents'. A visitor whose window closed
  // gets what waited when they next write; nothing else is sent to them.
  if (is_to_visitor(record)) return;
  auto contact = contact_for(log.tx(), record.recipient);
  if (log.tx().outbox().has_template_since(record.recipient, contact ? contact->last_inbound_ms : 0)) return;
  auto session = log.tx().sessions().find(record.session_id);
  log.queue_whatsapp(record.session_id, record.recipient, OutboxPurpose::reconnect,
                     session ? "chat #" + session->code : "a chat", OutboxKind::template_message);
}

void fail_delivery(SessionLog& log, OutboxRecord& record, const std::string& description, std::int64_t code) {
  bool was_parked = record.state == OutboxState::awaiting_window;
  record.state = OutboxState::failed;
  record.last_error = description;
  log.tx().outbox().update(record);
  log.effects().finished.push_back(record.id);

  auto session = record.session_id.empty() ? std::nullopt : log.tx().sessions().find(record.session_id);
  if (session) {
    // In the visitor's language, like everything the relay tells them.
    auto number = std::to_string(code);
    std::string error = code != 0
                            ? " " + visitor_sentence(VisitorText::whatsapp_error_code, *session, {{"code", number}})
                            : std::string();
    if (!record.message_id.empty() && record.purpose != OutboxPurpose::mirror) {
      for (const auto& id : carried_messages(record)) log.advance_status(record.session_id, id, MessageStatus::failed);
      log.append_system(record.session_id, MessageKind::delivery_failed, {},
                        visitor_sentence(VisitorText::not_delivered_to_agent, *session, {{"error", error}}));
    } else if (is_to_visitor(record)) {
      log.append_system(
          record.session_id, MessageKind::delivery_failed, {},
          visitor_sentence(VisitorText::visitor_unreached, *session, {{"phone", record.recipient}, {"error", error}}));
      if (record.purpose == OutboxPurpose::continue_chat) {
        continue_template_failed(log, record.session_id, code != 0 ? " (WhatsApp error " + number + ")" : "");
      }
    } else {
      log.append_system(record.session_id, MessageKind::delivery_failed, {},
                        visitor_sentence(VisitorText::agent_unreached, *session, {{"error", error}}));
      offer_other_ways_if_unreached(log, record, code);
    }
  }
  // Without its template, what waited for the window would wait forever.
  if (record.kind == OutboxKind::template_message) {
    for (auto& parked : log.tx().outbox().awaiting_window(record.recipient)) {
      fail_delivery(log, parked, "the template asking the recipient to reply failed: " + description, code);
    }
  }
  // With nothing parked for the recipient any more, their lane waits for
  // nothing: what comes next goes, finds the window closed, and asks with a
  // new template (found on review: the lane stayed held, and every later
  // message to that agent waited, untold, until the relay restarted).
  if ((was_parked || record.kind == OutboxKind::template_message) &&
      log.tx().outbox().awaiting_window(record.recipient).empty()) {
    log.effects().release.push_back(record.recipient);
  }
}

std::size_t release_parked(SessionLog& log, const std::string& recipient) {
  auto parked = log.tx().outbox().awaiting_window(recipient);
  log.effects().release.push_back(recipient);
  for (auto& record : parked) {
    record.state = OutboxState::pending;
    record.next_attempt_ms = log.now_ms();
    log.tx().outbox().update(record);
    log.effects().enqueue.push_back(record);
  }
  return parked.size();
}

}  // namespace baton
