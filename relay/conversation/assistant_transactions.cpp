#include "relay/conversation/assistant_transactions.hpp"

#include "relay/core/visitor_text.hpp"

namespace baton {

std::size_t unanswered_streak(StoreTx& tx, std::string_view session_id) {
  std::size_t streak = 0;
  for (const auto& turn : tx.assistant().recent(session_id, 8)) {
    if (turn.outcome != AssistantOutcome::unsure) break;
    ++streak;
  }
  return streak;
}

BotReply shape_reply(AssistantReply reply, std::size_t streak_before, Lang lang) {
  BotReply out;
  out.text = std::move(reply.text);
  out.source = std::move(reply.source);
  out.outcome = reply.answered ? AssistantOutcome::answered : AssistantOutcome::unsure;
  if (!reply.answered && streak_before >= 1) {
    out.text = std::string(visitor_text(VisitorText::offer_after_failures, lang));
    out.kind = MessageKind::handoff_offer;
  }
  return out;
}

std::optional<Message> post_assistant_reply_tx(SessionLog& log, const std::string& session_id,
                                               const std::string& assistant_name, const BotReply& reply) {
  if (!reply.draft_id.empty()) {
    log.effects().publish(session_id, AssistantDraft{reply.draft_id, AssistantDraft::Phase::ended, 0, {}});
  }
  auto session = log.tx().sessions().find(session_id);
  if (!session || session->state != SessionState::bot) return std::nullopt;
  Message draft;
  draft.author = Author::bot;
  draft.author_name = assistant_name;
  draft.kind = reply.kind;
  draft.text = reply.text;
  auto message = log.append(session_id, draft);
  log.tx().assistant().record(
      AssistantTurnRecord{session_id, reply.question_seq, message.seq, reply.outcome, reply.source, log.now_ms()});
  return message;  // the append marked the chat active
}

}  // namespace baton
