#pragma once
// "Continue on WhatsApp": the visitor gives a number and consent; the business
// sends them a template naming the chat, and the widget shows a wa.me link
// and its QR code. When that number writes to the business (replying to the
// template, with the chat's code, or simply writing), it joins the chat:
// what it writes reaches the agent and every open tab; what the agent writes
// and what the visitor types on the website reach that WhatsApp thread.
// One conversation, one transcript.
//
// Only the number the visitor gave can join: a code alone never lets a
// stranger's WhatsApp into someone else's chat.

#include <optional>
#include <string>

#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/inbound_transactions.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

// At most this many "continue" templates to one number a day: the number is
// typed by a visitor, who must not be able to make the business spam it.
inline constexpr std::int64_t continue_templates_per_number_per_day = 3;

// Hands the chat to an agent (or keeps the one it has) and writes to the
// visitor's WhatsApp. Asking again with the same number sends nothing new.
// Refused: 400 (consent, phone), 409 (closed, no agent), 429 (too many
// templates to that number today).
HandoffState handoff_whatsapp_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                                 const AgentDirectory& agents, const std::optional<std::string>& model_gist);

// A copy of `message` for the visitor's WhatsApp thread, once that number
// has written in the chat: an agent's words as "*Ana*: text", the visitor's
// own words typed on the website as "(website) text". Nothing goes to a
// number before it wrote (it was only typed on a website); when it joins,
// the agent's words so far follow.
void mirror_to_visitor_whatsapp(SessionLog& log, const SessionRecord& session, const Message& message);

// The chat leaves WhatsApp (ended, or moved to e-mail): a visitor who joined
// is told `farewell`, and copies still waiting for their window are dropped.
void end_visitor_whatsapp(SessionLog& log, const SessionRecord& session, const std::string& farewell);

// A WhatsApp user who is not an agent wrote to the business. Only the number
// the visitor gave joins, by replying to the continue template or writing
// the chat's code; after that, anything it writes goes to that open chat. A
// reply to a call's confirmation reaches the call's agent.
void apply_visitor_whatsapp_message(SessionLog& log, const InboundMessage& m, const ContactRecord& contact,
                                    WebhookTally& tally);

}  // namespace baton
