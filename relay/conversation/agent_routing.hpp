#pragma once
// Which chat an agent's WhatsApp message belongs to (CONTRACT section 3):
// a reply quoting any message the relay sent about a chat goes to that chat;
// "#CODE text" goes to chat CODE; anything else goes to the agent's most
// recent chat, the one they last heard about or wrote to.

#include <optional>
#include <string>
#include <variant>

#include "relay/store/store_tx.hpp"
#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

struct AgentTarget {
  enum class How { quoted, code, recent };
  How how = How::recent;
  std::string session_id;
  std::string text;                      // the message text without a leading "#CODE"
  std::string caption;                   // a file's caption, the same way
  bool window_reply = false;             // a reply to the "reply to see your chat" template
  std::optional<SessionRecord> session;  // the chat as routing read it (by code), saving a second read
};

struct AgentRouteError {
  std::string reply;  // what the agent is told on WhatsApp
};

std::variant<AgentTarget, AgentRouteError> route_agent_message(StoreTx& tx, const InboundMessage& message,
                                                               const std::string& agent_phone);

// `text` without a leading "#CODE" that names chat `code`: what an agent's
// edit of a message routed by its code says.
std::string without_chat_code(const std::string& text, const std::string& code);

// Remembers `session_id` as the agent's most recent chat.
void point_agent_at(StoreTx& tx, const std::string& agent_phone, const std::string& session_id);
// The agent no longer has `session_id` (transferred, taken, ended): their
// plain replies must not go there any more.
void forget_agent_chat(StoreTx& tx, const std::string& agent_phone, const std::string& session_id);

}  // namespace baton
