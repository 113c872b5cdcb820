#pragma once
// The assistant's side of a conversation, as transactions: its answers, its
// offers of a person, and the record of what it could and could not answer.

#include <optional>
#include <string>

#include "relay/assistant/assistant.hpp"
#include "relay/conversation/session_log.hpp"

namespace baton {

// What goes into the chat for one visitor message.
struct BotReply {
  std::uint64_t question_seq = 0;
  std::string draft_id;  // the question's id: its draft ends where the reply appears
  std::string text;
  MessageKind kind = MessageKind::text;
  AssistantOutcome outcome = AssistantOutcome::answered;
  std::string source;
};

// How many of the session's latest questions in a row the assistant could
// not answer.
std::size_t unanswered_streak(StoreTx& tx, std::string_view session_id);

// Turns the assistant's reply into what the chat gets: a second failure in a
// row becomes an offer of a person, in the visitor's language.
BotReply shape_reply(AssistantReply reply, std::size_t streak_before, Lang lang);

// Stores the reply unless a person was asked for meanwhile (then only the
// draft ends); nullopt when dropped.
std::optional<Message> post_assistant_reply_tx(SessionLog& log, const std::string& session_id,
                                               const std::string& assistant_name, const BotReply& reply);

}  // namespace baton
