#pragma once
// What the modes that hand a chat to a person share: the context the widget
// sends at handoff time, the summary an agent is sent, and choosing the
// agent (live chat and continue on WhatsApp).

#include <optional>
#include <string>

#include "common/handoff_text.hpp"
#include "common/protocol/handoff.hpp"
#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/session_log.hpp"

namespace baton {

// What the widget knows at handoff time refreshes what it sent at opening.
void merge_context(VisitorContext& context, const HandoffRequest& request);

// What an agent is sent when a chat reaches them: the visitor's details,
// the gist (`model_gist`, or lines the relay picks) and the transcript.
HandoffSummary handoff_summary(SessionLog& log, const SessionRecord& session,
                               const std::optional<std::string>& model_gist);

// Hands the chat to an agent in `mode` (live or whatsapp): checks hours,
// picks the agent, sends them the context and the Accept offers. A chat
// already with an agent keeps them (its mode becomes `mode`). Refused:
// conflict (closed, no agent available, a call is booked).
HandoffState hand_to_agent(SessionLog& log, SessionRecord& session, const HandoffRequest& request,
                           const AgentDirectory& agents, const std::optional<std::string>& model_gist,
                           HandoffMode mode);

}  // namespace baton
