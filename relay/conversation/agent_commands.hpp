#pragma once
// What an agent can do from WhatsApp by writing a command instead of a reply.
// Every command is answered on WhatsApp, in one message:
//
//   /online        take new chats again
//   /away          take no new chats (the open ones stay)
//   /list          your open chats, newest first
//   /who CODE      the visitor of chat CODE: details, pages, traits
//   /end [CODE]    end chat CODE (or your current one); the visitor is told
//   /transfer NAME [CODE]  pass chat CODE (or your current one) to NAME
//   /take CODE     take waiting chat CODE (as the Accept button does)
//   /help          this list
//
// Lookups are scoped to the agent's own chats.

#include <string>
#include <string_view>

#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/session_log.hpp"

namespace baton {

// The id of an offer's Accept button: this prefix and the session id.
inline constexpr std::string_view accept_button_prefix = "take:";

// Takes a waiting chat for `agent` (the Accept button, or /take CODE): the
// first to accept gets it, the agent it was offered to is told.
std::string take_chat(SessionLog& log, const AgentConfig& agent, const AgentDirectory& agents,
                      const std::string& session_id);

// "/" then a letter: "/list", "/END #K7P2QX". A reply that merely starts
// with a slash and a space or digit ("/ 2 bikes") is not a command.
bool is_agent_command(std::string_view text);

// Carries the command out and returns the answer for the agent.
std::string run_agent_command(SessionLog& log, const AgentConfig& agent, const AgentDirectory& agents,
                              std::string_view text);

}  // namespace baton
