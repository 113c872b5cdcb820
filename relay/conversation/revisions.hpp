#pragma once
// A WhatsApp user changed a message they had sent: an edit (a new text or
// caption, which WhatsApp allows for 15 minutes) or a deletion (two days).
// The chat's record is rewritten, so every later reader sees it as it now
// is; an entry of kind edit or deleted tells the open tabs (and those that
// resume by seq); and whoever got a copy on WhatsApp is told, because the
// Cloud API lets no business edit or delete what it sent.
//
// Numbers without Meta's edit and revoke webhooks get them as "unsupported"
// messages that do not say which message changed: the sender then hears
// that their change did not reach the other side.

#include <string>

#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/inbound_transactions.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

// `m` is of kind edit or deleted; `sender` its sender's key (phone, or user
// id alone), `agent` the agent who sent it (nullptr: a visitor).
void apply_revision_tx(SessionLog& log, const InboundMessage& m, const std::string& sender, const AgentConfig* agent,
                       WebhookTally& tally);

}  // namespace baton
