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
#include <utility>

#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/inbound_transactions.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

// "Chat #K7P2QX", "#k7p2qx hello": the code the wa.me link typed, and what
// follows it. Only a code at the start counts.
std::optional<std::pair<std::string, std::string>> code_in(const std::string& text);

// At most this many "continue" templates to one number a day: the number is
// typed by a visitor, who must not be able to make the business spam it.
inline constexpr std::int64_t continue_templates_per_number_per_day = 3;

// Hands the chat to an agent (or keeps the one it has) and writes to the
// visitor's WhatsApp. Asking again with the same number sends nothing new.
// Refused: invalid (the number is an agent's), conflict (closed, no agent),
// too_many (too many templates to that number today).
HandoffState handoff_whatsapp_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                                 const AgentDirectory& agents, const std::optional<std::string>& model_gist);

// The template asking the visitor to continue on WhatsApp failed for good
// (`why`: " (WhatsApp error N)" or empty): the agent, told the visitor would
// continue there, learns they are still in the website's chat.
void continue_template_failed(SessionLog& log, const std::string& session_id, const std::string& why);

// A WhatsApp user who is not an agent wrote to the business. Only the number
// the visitor gave joins, by replying to the continue template or writing
// the chat's code; after that, anything it writes goes to that open chat. A
// reply to a call's confirmation reaches the call's agent.
void apply_visitor_whatsapp_message(SessionLog& log, const InboundMessage& m, const ContactRecord& contact,
                                    WebhookTally& tally);

}  // namespace baton
