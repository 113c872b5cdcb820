#pragma once
// WhatsApp's system messages, which nobody should read as a chat line (Meta's
// "Ana changed from +1 555… to +1 555…" would show one person's number to
// another). A user who changed their number is followed: an agent's chats,
// booked calls and queued messages move to the new number, which the agent
// list keeps (stored as the admin's list, audited); a visitor continuing on
// WhatsApp keeps their chat. Identity notices and request_welcome (a user
// opened the chat for the first time) are recorded and nothing more.

#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

// Whether `m` is one (type "system" or "request_welcome").
bool is_system_message(const InboundMessage& m);

void apply_system_message_tx(SessionLog& log, const InboundMessage& m, const AgentDirectory& agents);

}  // namespace baton
