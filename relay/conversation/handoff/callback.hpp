#pragma once
// "Schedule a call" as transactions. Booking checks the slot against the
// hours and what is booked, in the same transaction that inserts it, and the
// database refuses a second call for one agent in one slot: two visitors
// racing for the last place cannot both have it. The agent hears at booking
// and 10 minutes before; the visitor gets a WhatsApp confirmation (they gave
// the number and consent), an e-mail with the .ics when they gave an
// address, and the chat says it all. Visitor and admin can cancel.

#include <optional>
#include <string>
#include <vector>

#include "relay/availability/call_slots.hpp"
#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/mail_transactions.hpp"
#include "relay/conversation/session_log.hpp"

namespace baton {

struct CallSettings {
  SlotRules rules;
  std::string business_time_zone = "UTC";  // agents read times in it
  std::optional<MailSettings> mail;        // the e-mail confirmation, when set up
  static constexpr std::int64_t reminder_ms = 10LL * 60 * 1000;
};

// Slots a visitor can book now: within the hours, with an agent free.
std::vector<CallSlot> bookable_slots(StoreTx& tx, const AgentDirectory& agents, std::int64_t now_ms, int days,
                                     const CallSettings& settings);

// Refused: 400 (consent, phone, slot not offered), 409 (slot taken, a call
// already booked for another time, the chat is with an agent), 429.
// `model_gist` heads the agent's context, as for a live handoff.
HandoffState book_call_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                          const AgentDirectory& agents, const CallSettings& settings,
                          const std::optional<std::string>& model_gist = {});

// By the visitor (their chat's booked call) or an admin (any call, by id).
// Refused 404 when there is no such booked call, 409 once its time has come.
CallRecord cancel_session_call_tx(SessionLog& log, const std::string& session_id, const CallSettings& settings);
CallRecord cancel_call_tx(SessionLog& log, std::int64_t call_id, const CallSettings& settings);

// The agent's WhatsApp refused the booking for good, so they will not call:
// the call is cancelled and the visitor told (chat and WhatsApp). False when
// the chat has no such call.
bool cancel_call_of_unreached_agent(SessionLog& log, const std::string& session_id, const std::string& agent_phone,
                                    const CallSettings& settings);

// A booked call keeps its chat with the agent who will call until the call
// is over: what the visitor writes meanwhile reaches that agent, who may
// answer it. False for any other chat.
bool call_holds_chat(SessionLog& log, const SessionRecord& session);

// Marks calls that are over as done, and reminds agents of calls starting
// within 10 minutes; returns how many were reminded.
std::size_t remind_due_calls_tx(SessionLog& log, const CallSettings& settings);

// The booked call's calendar file, for the widget and the e-mail.
std::string call_ics(const CallRecord& call, const SessionRecord& session, const std::string& agent_name);

}  // namespace baton
