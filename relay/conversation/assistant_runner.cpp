#include "relay/conversation/assistant_runner.hpp"

#include "relay/assistant/handover_intent.hpp"
#include "relay/conversation/assistant_transactions.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {
namespace {

void count_reply(AssistantOutcome outcome) {
  metrics::registry()
      .counter("baton_assistant_replies_total", "Assistant replies by outcome (offered: a person was offered)",
               "outcome=\"" + std::string(to_string(outcome)) + "\"")
      .inc();
}

}  // namespace

class AssistantRunner::DraftSink final : public AnswerSink {
 public:
  DraftSink(AssistantRunner& runner, std::string session_id, Lang lang, std::uint64_t question_seq,
            std::string draft_id)
      : runner_(runner),
        session_id_(std::move(session_id)),
        lang_(lang),
        question_seq_(question_seq),
        draft_id_(std::move(draft_id)) {}

  // Only while the chat is with the bot: once a person is asked for, the
  // model is stopped instead of streaming into a chat that moved on.
  bool wanted() const override { return !finished_ && runner_.still_wanted(session_id_); }

  void partial(std::string_view delta) override {
    if (finished_) return;
    text_ += delta;
    auto now = runner_.service_.clock().now_ms();
    if (now - last_sent_ms_ < draft_interval_ms) return;
    last_sent_ms_ = now;
    AssistantDraft draft{draft_id_, AssistantDraft::Phase::text, static_cast<std::uint32_t>(sent_),
                         text_.substr(sent_)};
    sent_ = text_.size();
    runner_.service_.hub().publish(session_id_, make_frame(std::move(draft)));
  }

  void finish(AssistantReply reply) override {
    if (finished_) return;
    finished_ = true;
    runner_.store_reply(session_id_, lang_, std::move(reply), question_seq_, draft_id_);
  }

 private:
  AssistantRunner& runner_;
  std::string session_id_;
  Lang lang_;
  std::uint64_t question_seq_;
  std::string draft_id_;
  std::string text_;
  std::size_t sent_ = 0;
  std::int64_t last_sent_ms_ = 0;
  bool finished_ = false;
};

void AssistantRunner::on_visitor_message(const AssistantTurn& turn) {
  service_.read<TurnFacts>(
      [session_id = turn.session_id](StoreTx& tx) {
        return TurnFacts{tx.sessions().find(session_id), tx.messages().latest(session_id, history_limit + 1)};
      },
      [this, turn](Outcome<TurnFacts> read) {
        if (auto* error = std::get_if<Refusal>(&read)) {
          log::error("assistant turn not started", {{"session", turn.session_id}, {"error", error->sentence}});
          return;
        }
        try {
          take_turn(turn, std::get<TurnFacts>(std::move(read)));
        } catch (const std::exception& e) {
          log::error("assistant turn failed", {{"session", turn.session_id}, {"error", e.what()}});
        }
      });
}

void AssistantRunner::on_state_change(const std::string& session_id, SessionState state) {
  if (state == SessionState::bot) return;
  if (auto it = answering_.find(session_id); it != answering_.end()) it->second.wanted = false;
}

bool AssistantRunner::still_wanted(const std::string& session_id) const {
  auto it = answering_.find(session_id);
  return it != answering_.end() && it->second.wanted;
}

void AssistantRunner::take_turn(const AssistantTurn& turn, TurnFacts facts) {
  const auto& session = facts.session;
  if (!session || session->state != SessionState::bot) return;
  Lang lang = assistant_.language_of(turn.message.text, visitor_language(*session));

  auto intent = detect_handover_intent(turn.message.text);
  if (intent != HandoverIntent::none) {
    BotReply offer;
    offer.question_seq = turn.message.seq;
    offer.text = visitor_text(intent == HandoverIntent::wants_person ? VisitorText::offer_on_request
                                                                     : VisitorText::offer_on_frustration,
                              lang);
    offer.kind = MessageKind::handoff_offer;
    offer.outcome = AssistantOutcome::offered;
    store_offer(turn.session_id, std::move(offer));
    return;
  }

  auto [waiting, idle] = answering_.try_emplace(turn.session_id);
  if (!idle) {
    waiting->second.next = turn;  // answered when the current answer is stored
    return;
  }
  try {
    start_answer(turn, lang, session->context, std::move(facts.latest));
  } catch (...) {
    answering_.erase(turn.session_id);
    // The tabs may have been told the assistant is typing.
    service_.hub().publish(turn.session_id,
                           make_frame(AssistantDraft{turn.message.id, AssistantDraft::Phase::ended, 0, {}}));
    throw;
  }
}

void AssistantRunner::answer_done(const std::string& session_id) {
  auto it = answering_.find(session_id);
  if (it == answering_.end()) return;
  auto next = std::move(it->second.next);
  answering_.erase(it);
  // Read afresh: the answer just stored belongs in the next one's history.
  if (next) on_visitor_message(*next);
}

void AssistantRunner::start_answer(const AssistantTurn& turn, Lang lang, const VisitorContext& visitor,
                                   std::vector<Message> latest) {
  AssistantQuestion question{turn.session_id, visitor, turn.message, lang, {}};
  // What came before the question, and the assistant's answers stored
  // after it (a question that waited behind another sees that answer);
  // visitor messages after it are questions of their own.
  for (auto& m : latest) {
    if (m.seq < turn.message.seq || (m.seq > turn.message.seq && m.author == Author::bot)) {
      question.history.push_back(std::move(m));
    }
  }
  if (question.history.size() > history_limit) question.history.erase(question.history.begin());
  service_.hub().publish(turn.session_id,
                         make_frame(AssistantDraft{turn.message.id, AssistantDraft::Phase::typing, 0, {}}));
  assistant_.answer(question,
                    std::make_shared<DraftSink>(*this, turn.session_id, lang, turn.message.seq, turn.message.id));
}

void AssistantRunner::store_reply(const std::string& session_id, Lang lang, AssistantReply reply,
                                  std::uint64_t question_seq, std::string draft_id) {
  service_.run<std::optional<AssistantOutcome>>(
      [session_id, lang, reply = std::move(reply), question_seq, draft_id, name = assistant_.name()](SessionLog& log) {
        auto shaped = shape_reply(reply, unanswered_streak(log.tx(), session_id), lang);
        shaped.question_seq = question_seq;
        shaped.draft_id = draft_id;
        bool posted = post_assistant_reply_tx(log, session_id, name, shaped).has_value();
        // The model's tokens cost money even for an answer nobody needed any more.
        if ((reply.input_tokens > 0 || reply.output_tokens > 0) && log.tx().sessions().find(session_id)) {
          log.tx().usage().add_model_tokens(session_id, reply.input_tokens, reply.output_tokens, log.now_ms());
          log.effects().model_input_tokens += reply.input_tokens;
          log.effects().model_output_tokens += reply.output_tokens;
        }
        return posted ? std::optional(shaped.outcome) : std::nullopt;
      },
      [this, session_id, draft_id](Outcome<std::optional<AssistantOutcome>> outcome) {
        if (auto* stored = std::get_if<std::optional<AssistantOutcome>>(&outcome)) {
          if (*stored) count_reply(**stored);
          answer_done(session_id);
          return;
        }
        // Not stored: the tabs must not wait on a draft forever.
        log::warn("assistant reply not stored", {{"error", std::get<Refusal>(outcome).sentence}});
        service_.hub().publish(session_id, make_frame(AssistantDraft{draft_id, AssistantDraft::Phase::ended, 0, {}}));
        answer_done(session_id);
      });
}

void AssistantRunner::store_offer(const std::string& session_id, BotReply offer) {
  service_.run<bool>([session_id, offer = std::move(offer), name = assistant_.name()](
                         SessionLog& log) { return post_assistant_reply_tx(log, session_id, name, offer).has_value(); },
                     [](Outcome<bool> outcome) {
                       if (auto* error = std::get_if<Refusal>(&outcome)) {
                         log::warn("assistant offer not stored", {{"error", error->sentence}});
                       } else if (std::get<bool>(outcome)) {
                         count_reply(AssistantOutcome::offered);
                       }
                     });
}

}  // namespace baton
