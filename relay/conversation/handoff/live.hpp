#pragma once
// "Wait for live chat": the chat goes to an agent's WhatsApp with its whole
// context, and the visitor waits in the widget; after --queue-timeout-s
// without an agent taking it, the visitor is offered the other ways.

#include <optional>
#include <string>

#include "common/protocol/handoff.hpp"
#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/session_log.hpp"

namespace baton {

// Picks an agent and sends them the whole context, headed by `model_gist`
// (a model's summary) or, without one, by lines the relay picks itself.
// Asking again returns the current state. Refused: conflict (closed, no
// agent available).
HandoffState handoff_live_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                             const AgentDirectory& agents, const std::optional<std::string>& model_gist = {});

// Chats that waited `wait_limit_ms` for an agent without one taking them: the
// visitor is offered the other ways (once per wait); the chat stays queued.
// Returns how many were offered.
std::size_t offer_after_long_wait_tx(SessionLog& log, std::int64_t wait_limit_ms, const std::string& assistant_name);

}  // namespace baton
