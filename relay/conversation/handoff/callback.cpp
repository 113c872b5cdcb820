#include "relay/conversation/handoff/callback.hpp"

#include <algorithm>
#include <map>

#include "common/email.hpp"
#include "common/phone.hpp"
#include "common/text_policy.hpp"
#include "common/time_format.hpp"
#include "relay/availability/call_calendar.hpp"
#include "relay/availability/local_time.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/handoff/handover.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/core/refusal.hpp"

namespace baton {
namespace {

// The visitor's name as the agent, the e-mail and the calendar show it: one
// line under the text policy (a name with line breaks must not forge lines).
std::string called_name(const CallRecord& call, std::string_view fallback) {
  auto name = clean_line(call.visitor_name);
  return name.empty() ? std::string(fallback) : name;
}

constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
constexpr std::int64_t call_templates_per_number_per_day = 3;

std::map<std::int64_t, int> booked_by_start(StoreTx& tx, std::int64_t from_ms, std::int64_t to_ms) {
  std::map<std::int64_t, int> booked;
  for (const auto& call : tx.calls().booked_between(from_ms, to_ms)) ++booked[call.start_ms];
  return booked;
}

std::string agent_name_of(const AgentDirectory& agents, const std::string& phone) {
  const auto agent = agents.find_by_phone(phone);
  return agent ? agent->name : std::string("our team");
}

// When, as the visitor reads it: in their own zone when the widget said it.
std::string visitor_when(const CallRecord& call, const SessionRecord& session, const CallSettings& settings) {
  auto zone = known_time_zone(session.context.time_zone.empty() ? settings.business_time_zone
                                                                : session.context.time_zone);
  return format_local_day_time(call.start_ms, zone) + "-" + format_local_time(call.end_ms, zone) + " (" + zone + ")";
}

// A notice naming the call's time: the widget finds `when` in it by the
// offsets and says it in the visitor's language (TimeInText).
void append_call_notice(SessionLog& log, const std::string& session_id, std::string author, std::string text,
                        const std::string& when, const CallRecord& call) {
  TimeInText time;
  if (auto at = text.find(when); at != std::string::npos) {
    time = TimeInText{call.start_ms, call.end_ms, static_cast<std::uint32_t>(at),
                      static_cast<std::uint32_t>(when.size())};
  }
  log.append_system(session_id, MessageKind::notice, std::move(author), std::move(text), time);
}

std::string agent_when(const CallRecord& call, const CallSettings& settings) {
  return format_local_day_time(call.start_ms, settings.business_time_zone) + "-" +
         format_local_time(call.end_ms, settings.business_time_zone);
}

// Which agent takes a call in this slot: one without a call in it, the one
// with the fewest calls that day first, in the order of --agents on ties.
std::optional<AgentConfig> agent_for_slot(StoreTx& tx, const AgentDirectory& agents, const CallSlot& slot) {
  auto day_calls = tx.calls().booked_between(slot.start_ms - day_ms / 2, slot.start_ms + day_ms / 2);
  std::optional<AgentConfig> best;
  std::int64_t best_count = 0;
  for (const auto& agent : agents.all()) {
    std::int64_t count = 0;
    bool busy = false;
    for (const auto& call : day_calls) {
      if (call.agent_phone != agent.phone) continue;
      ++count;
      if (call.start_ms == slot.start_ms) busy = true;
    }
    if (busy) continue;
    if (!best || count < best_count) {
      best = agent;
      best_count = count;
    }
  }
  return best;
}

CallRecord cancel(SessionLog& log, CallRecord call, const std::string& by, const CallSettings& settings) {
  // Once the time has come the agent may be dialling: too late to call it off here.
  if (call.start_ms <= log.now_ms()) {
    throw Refused(
        Refusal{RefusalKind::conflict, "call_started", "the call's time has come; it can no longer be cancelled"});
  }
  call.state = CallState::cancelled;
  call.cancelled_ms = log.now_ms();
  call.cancelled_by = by;
  log.tx().calls().update(call);
  log.effects().calls.push_back(CallChange{call, "cancelled"});
  log.effects().availability_may_change = true;  // the slot is free again
  auto session = log.tx().sessions().find(call.session_id);
  if (!session) return call;
  auto when = visitor_when(call, *session, settings);
  bool by_visitor = by == "visitor";
  // The assistant has the chat again, so the visitor can choose anew.
  if (session->mode == HandoffMode::callback && session->state == SessionState::ended) {
    give_back_to_assistant(log, *session);
  }
  auto which = by_visitor       ? VisitorText::call_cancelled_by_you
               : by == "system" ? VisitorText::call_cancelled_unreached
                                : VisitorText::call_cancelled_by_us;
  append_call_notice(log, session->id, {}, visitor_sentence(which, *session, {{"when", when}}), when, call);
  // An agent WhatsApp refused for good would not hear it either.
  if (by != "system") {
    log.queue_whatsapp(session->id, call.agent_phone, OutboxPurpose::notice,
                       "Call cancelled by " + std::string(by_visitor ? "the visitor" : "an admin") + ": " +
                           agent_when(call, settings) + " with " + called_name(call, "a visitor") + ", " +
                           call.visitor_phone + " (#" + session->code + ").");
  }
  // The visitor cancelled it themselves and saw it happen; otherwise they
  // must hear where they heard of the booking.
  if (!by_visitor) {
    if (log.tx().outbox().count_since(OutboxPurpose::call, call.visitor_phone, log.now_ms() - day_ms) <
        call_templates_per_number_per_day) {
      log.queue_whatsapp(session->id, call.visitor_phone, OutboxPurpose::call,
                         "cancelled: " + when + ", reference #" + session->code, OutboxKind::template_message);
    }
  }
  return call;
}

// Calls whose time is over are done: they no longer show or hold a place.
// Their chats' tabs are told, so the booked-call card goes.
void finish_past_calls(SessionLog& log) {
  for (const auto& call : log.tx().calls().finish_past(log.now_ms())) {
    log.effects().availability_may_change = true;
    log.effects().calls.push_back(CallChange{call, "done"});
    if (auto session = log.tx().sessions().find(call.session_id)) {
      log.effects().publish(session->id, StateChange{session->state, {}, {}});
    }
  }
}

}  // namespace

bool cancel_call_of_unreached_agent(SessionLog& log, const std::string& session_id, const std::string& agent_phone,
                                    const CallSettings& settings) {
  auto call = log.tx().calls().booked_for_session(session_id, log.now_ms());
  if (!call || call->agent_phone != agent_phone || call->start_ms <= log.now_ms()) return false;
  cancel(log, *call, "system", settings);
  return true;
}

bool call_holds_chat(SessionLog& log, const SessionRecord& session) {
  if (session.state != SessionState::ended || session.mode != HandoffMode::callback || session.agent_phone.empty()) {
    return false;
  }
  auto call = log.tx().calls().booked_for_session(session.id, log.now_ms());
  return call && call->agent_phone == session.agent_phone;
}

std::vector<CallSlot> bookable_slots(StoreTx& tx, const AgentDirectory& agents, std::int64_t now_ms, int days,
                                     const CallSettings& settings) {
  if (agents.empty()) return {};
  auto slots = slots_in_hours(agents.hours().get(), now_ms, days, settings.rules);
  if (slots.empty()) return slots;
  auto booked = booked_by_start(tx, slots.front().start_ms, slots.back().end_ms);
  return free_slots(slots, booked, static_cast<int>(agents.all().size()));
}

HandoffState book_call_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                          const AgentDirectory& agents, const CallSettings& settings,
                          const std::optional<std::string>& model_gist) {
  // handoff/request_rules.cpp checked these: consent, a number, a time.
  auto phone = normalize_e164(request.phone);
  auto slot_ms = parse_rfc3339(request.slot);
  if (!phone || !slot_ms) throw std::logic_error("book_call_tx: the request was not checked");
  auto session = require_session(log, session_id);
  // A call just over still holds the chat's place in the unique index.
  finish_past_calls(log);
  if (auto booked = log.tx().calls().booked_for_session(session_id, log.now_ms())) {
    if (booked->start_ms == *slot_ms) {
      return HandoffState{HandoffMode::callback, session.state, session.code,
                          agent_name_of(agents, booked->agent_phone)};
    }
    throw Refused(Refusal{RefusalKind::conflict, "already_booked",
                          "this chat has a call booked already; cancel it to choose another"});
  }
  if (session.state == SessionState::live) {
    throw Refused(Refusal{RefusalKind::conflict, "live_chat", "an agent has this chat now: write here"});
  }
  // The slot must be one offered now (any slot, taken or not: a taken one
  // is a 409 below, which tells the visitor to pick again).
  auto all = slots_in_hours(agents.hours().get(), log.now_ms(), SlotRules::max_days, settings.rules);
  auto slot = std::find_if(all.begin(), all.end(), [&](const CallSlot& s) { return s.start_ms == *slot_ms; });
  if (agents.empty() || slot == all.end()) {
    throw Refused(
        Refusal{RefusalKind::invalid, "invalid_slot", "that time is not a bookable slot; see /v1/availability/slots"});
  }
  if (log.tx().outbox().count_since(OutboxPurpose::call, *phone, log.now_ms() - day_ms) >=
      call_templates_per_number_per_day) {
    throw Refused(Refusal{RefusalKind::too_many, "too_many_requests",
                          "this number was sent several messages today; try tomorrow"});
  }
  auto agent = agent_for_slot(log.tx(), agents, *slot);
  if (!agent)
    throw Refused(Refusal{RefusalKind::conflict, "slot_taken", "that time was just taken; please choose another"});

  merge_context(session.context, request);
  CallRecord call;
  call.session_id = session_id;
  call.start_ms = slot->start_ms;
  call.end_ms = slot->end_ms;
  call.agent_phone = agent->phone;
  call.visitor_phone = *phone;
  call.visitor_name = clean_line(session.context.name);
  call.created_ms = log.now_ms();
  try {
    call.id = log.tx().calls().insert(call);
  } catch (const DuplicateKey&) {
    throw Refused(Refusal{RefusalKind::conflict, "slot_taken", "that time was just taken; please choose another"});
  }
  log.effects().calls.push_back(CallChange{call, "booked"});

  // A chat still waiting for an agent is theirs no more: a call instead.
  if (session.state == SessionState::waiting && !session.agent_phone.empty()) {
    log.queue_whatsapp(session_id, session.agent_phone, OutboxPurpose::notice,
                       "Chat #" + session.code + ": the visitor booked a call instead. The chat has ended.");
    forget_agent_chat(log.tx(), session.agent_phone, session_id);
    log.tx().queue().end_wait(session_id);
    end_visitor_whatsapp(log, session,
                         visitor_sentence(VisitorText::whatsapp_moved_to_call, session, {{"code", session.code}}));
  }
  session.state = SessionState::ended;
  session.mode = HandoffMode::callback;
  session.agent_phone = agent->phone;
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);

  auto when = visitor_when(call, session, settings);
  append_call_notice(
      log, session_id, agent->name,
      visitor_sentence(VisitorText::call_booked, session,
                       {{"agent", agent->name}, {"phone", *phone}, {"when", when}, {"code", session.code}}),
      when, call);
  log.effects().publish(session_id, StateChange{SessionState::ended, agent->name, {}});

  std::string head =
      "*Call booked: " + agent_when(call, settings) + "*\nCall " + called_name(call, "the visitor") + " on " + *phone +
      ". I will remind you 10 minutes before. Until then, what they write in the chat comes here, and your "
      "replies reach them.\n\n";
  log.queue_whatsapp(
      session_id, agent->phone, OutboxPurpose::handoff,
      head + format_handoff_message(handoff_summary(log, session, model_gist), whatsapp_text_chars - head.size()));
  point_agent_at(log.tx(), agent->phone, session_id);
  log.queue_whatsapp(session_id, *phone, OutboxPurpose::call,
                     "booked for " + when + " with " + agent->name + ", reference #" + session.code,
                     OutboxKind::template_message);
  // Like the e-mail fallback's copies: nobody confirmed this address, so the
  // relay must not become a way to mail strangers in bulk.
  bool mail_allowed = log.tx().mail().count_since("call", {}, log.now_ms() - 3'600'000) < max_copies_per_hour &&
                      log.tx().mail().count_since("call", request.email, log.now_ms() - day_ms) <
                          max_copies_per_address_per_day;
  if (settings.mail && !request.email.empty() && mail_allowed) {
    MailContent mail{settings.mail->from,
                     request.email,
                     {},
                     "Your call on " + when,
                     "Hello" + (call.visitor_name.empty() ? std::string() : " " + call.visitor_name) + ",\n\n" +
                         agent->name + " will call you on " + *phone + " on " + when +
                         ".\n\nThe attached file adds the call to your calendar. To cancel, open the chat on our "
                         "website.\n\nReference: #" +
                         session.code + "\n",
                     settings.mail->domain,
                     MailAttachment{"call.ics", "text/calendar; charset=utf-8; method=PUBLISH",
                                    call_ics(call, session, agent->name)}};
    queue_mail(log, session_id, "call", std::move(mail));
  }
  return HandoffState{HandoffMode::callback, SessionState::ended, session.code, agent->name};
}

CallRecord cancel_session_call_tx(SessionLog& log, const std::string& session_id, const CallSettings& settings) {
  auto call = log.tx().calls().booked_for_session(session_id, log.now_ms());
  if (!call) throw Refused(Refusal{RefusalKind::not_found, "no_call", "this chat has no call booked"});
  return cancel(log, *call, "visitor", settings);
}

CallRecord cancel_call_tx(SessionLog& log, std::int64_t call_id, const CallSettings& settings) {
  auto call = log.tx().calls().find(call_id);
  if (!call) throw Refused(Refusal{RefusalKind::not_found, "no_call", "no such call"});
  if (call->state != CallState::booked || call->end_ms <= log.now_ms()) {
    throw Refused(Refusal{RefusalKind::conflict, "not_booked", "this call was cancelled already or is over"});
  }
  return cancel(log, *call, "admin", settings);
}

std::size_t remind_due_calls_tx(SessionLog& log, const CallSettings& settings) {
  finish_past_calls(log);
  std::size_t reminded = 0;
  for (auto call : log.tx().calls().due_reminders(log.now_ms() + CallSettings::reminder_ms, log.now_ms())) {
    auto session = log.tx().sessions().find(call.session_id);
    auto code = session ? session->code : std::string("?");
    log.queue_whatsapp(call.session_id, call.agent_phone, OutboxPurpose::reminder,
                       "Reminder: call " + called_name(call, "the visitor") + " on " + call.visitor_phone + " at " +
                           format_local_time(call.start_ms, settings.business_time_zone) + " (#" + code +
                           "). Send /who " + code + " for the details.");
    call.reminded_ms = log.now_ms();
    log.tx().calls().update(call);
    log.effects().calls.push_back(CallChange{call, "reminded"});
    ++reminded;
  }
  return reminded;
}

std::string call_ics(const CallRecord& call, const SessionRecord& session, const std::string& agent_name) {
  CalendarCall event;
  event.uid = "call-" + std::to_string(call.id) + "-" + session.code + "@baton";
  event.start_ms = call.start_ms;
  event.end_ms = call.end_ms;
  event.stamp_ms = call.created_ms;
  event.summary = "Call with " + agent_name + " (#" + session.code + ")";
  event.description = agent_name + " will call you on " + call.visitor_phone + ". Reference #" + session.code + ".";
  return call_calendar(event);
}

}  // namespace baton
