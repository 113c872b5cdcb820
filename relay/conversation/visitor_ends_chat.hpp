#pragma once
// The visitor's "End chat" (POST /v1/sessions/{id}/end): the chat ends as
// an agent's /end would end it, from the other side. The agent holding it
// (or the queue it waits in) lets go and the agent is told on WhatsApp; the
// visitor sees that they ended it; and when someone answered them, a person
// or the assistant, they are asked to rate the chat (satisfaction.hpp).
// What they write next starts a new conversation with the assistant.

#include <string>

#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/session_log.hpp"

namespace baton {

// The chat's state afterwards: ended (already ended: unchanged, nothing
// said twice). A chat with a booked call is refused (409 call_booked: the
// visitor cancels the call instead).
SessionState end_chat_by_visitor_tx(SessionLog& log, const std::string& session_id, const AgentDirectory& agents);

}  // namespace baton
