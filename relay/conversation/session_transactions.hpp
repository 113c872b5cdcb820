#pragma once
// The visitor side of a conversation, as transactions: open a session, add a
// visitor message (once per client id), let the assistant answer, hand over to
// a person.

#include <optional>
#include <string>

#include "common/handoff_text.hpp"
#include "common/protocol/handoff.hpp"
#include "relay/assistant/text/language_tag.hpp"
#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/session_log.hpp"

namespace baton {

// The language the visitor's browser said, for what the relay tells them
// (English when it is not one of the six).
Lang visitor_language(const SessionRecord& session);

// The session, or Refused 404.
SessionRecord require_session(SessionLog& log, const std::string& session_id);
// What the widget knows at handoff time refreshes what it sent at opening.
void merge_context(VisitorContext& context, const HandoffRequest& request);

// What an agent is sent when a chat reaches them: the visitor's details,
// the gist (`model_gist`, or lines the relay picks) and the transcript.
HandoffSummary handoff_summary(SessionLog& log, const SessionRecord& session,
                               const std::optional<std::string>& model_gist);

struct CreatedSession {
  SessionRecord session;
  std::string token;  // returned to the visitor once; only its hash is stored
  Message greeting;
};

CreatedSession create_session_tx(SessionLog& log, RandomSource& random, VisitorContext context, std::string origin,
                                 const std::string& assistant_name, const std::string& greeting);

struct PostedMessage {
  Message message;
  bool duplicate = false;  // the cid was seen before; `message` is the first copy
};

// Throws Refused (404) if the session does not exist.
PostedMessage post_visitor_message_tx(SessionLog& log, const std::string& session_id, const std::string& cid,
                                      const std::string& text);

// A visitor's message (typed in the widget, or written on WhatsApp) goes to
// the agent who has or was offered the chat, headed by its code.
void copy_to_agent(SessionLog& log, const SessionRecord& session, const Message& message);

// Hands the chat to an agent in `mode` (live or whatsapp): checks hours,
// picks the agent, sends them the context and the Accept offers. A chat
// already with an agent keeps them (its mode becomes `mode`). Throws
// Refused 409 (closed, no agent available).
HandoffState hand_to_agent(SessionLog& log, SessionRecord& session, const HandoffRequest& request,
                           const AgentDirectory& agents, const std::optional<std::string>& model_gist,
                           HandoffMode mode);

// "Wait for live chat": picks an agent and sends them the whole context,
// headed by `model_gist` (a model's summary) or, without one, by lines the
// relay picks itself. Asking again returns the current state. Throws
// Refused (409) when no agent is configured.
HandoffState handoff_live_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                             const AgentDirectory& agents, const std::optional<std::string>& model_gist = {});

// Chats that waited `wait_limit_ms` for an agent without one taking them: the
// visitor is offered the other ways (once per wait); the chat stays queued.
// Returns how many were offered.
std::size_t offer_after_long_wait_tx(SessionLog& log, std::int64_t wait_limit_ms, const std::string& assistant_name);

}  // namespace baton
