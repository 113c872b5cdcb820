#pragma once
// Runs the assistant on each visitor message while the chat is with the bot.
// A message that asks for a person, or shows the visitor is fed up, gets an
// offer of a person at once, without the assistant. Otherwise the tabs see
// the assistant typing, then its answer streaming in (if a model streams),
// then the stored answer; a second unanswered question in a row becomes an
// offer of a person. Once a person is asked for, late answers are dropped.
// One answer per session is under way at a time: messages that arrive
// meanwhile wait, and only the newest of them is answered next (with the
// others in its history), so a burst of messages costs one more model call,
// not one each, and answers never interleave.

#include <map>
#include <optional>

#include "relay/assistant/assistant.hpp"
#include "relay/conversation/assistant_transactions.hpp"
#include "relay/conversation/conversation_service.hpp"

namespace baton {

class AssistantRunner {
 public:
  AssistantRunner(ConversationService& service, Assistant& assistant) : service_(service), assistant_(assistant) {}

  void on_visitor_message(const AssistantTurn& turn);
  // A committed change moved the chat to `state`: an answer under way for a
  // chat that left the bot is stopped instead of streamed.
  void on_state_change(const std::string& session_id, SessionState state);

  // Streamed text reaches tabs at most this often; the stored answer follows.
  static constexpr std::int64_t draft_interval_ms = 60;
  // Earlier messages handed to the assistant as the conversation so far.
  static constexpr std::size_t history_limit = 20;

 private:
  class DraftSink;
  void store_reply(const std::string& session_id, Lang lang, AssistantReply reply, std::uint64_t question_seq,
                   std::string draft_id);
  void store_offer(const std::string& session_id, BotReply offer);
  // What a turn needs from the store, read together.
  struct TurnFacts {
    std::optional<SessionRecord> session;
    std::vector<Message> latest;  // the newest messages, oldest first
  };
  void take_turn(const AssistantTurn& turn, TurnFacts facts);
  void start_answer(const AssistantTurn& turn, Lang lang, const VisitorContext& visitor, std::vector<Message> latest);
  bool still_wanted(const std::string& session_id) const;
  // The answer for a session is stored (or given up): the next may start.
  void answer_done(const std::string& session_id);

  ConversationService& service_;
  Assistant& assistant_;
  struct Answering {
    std::optional<AssistantTurn> next;  // the newest message waiting
    bool wanted = true;                 // false once the chat left the bot
  };
  // Sessions with an answer under way.
  std::map<std::string, Answering> answering_;
};

}  // namespace baton
