#include "relay/assistant/model_assistant.hpp"

#include "relay/assistant/model/answer_text.hpp"
#include "relay/assistant/model/model_prompt.hpp"
#include "relay/assistant/model/unsure_filter.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {
namespace {

// ok: the model answered; failed: the FAQ answered in its place; skipped:
// paused after failures, the FAQ answered without asking it.
void count_call(const char* result) {
  metrics::registry()
      .counter("baton_model_calls_total", "Calls to the language model by result",
               std::string("result=\"") + result + "\"")
      .inc();
}

// "I'm not sure…" in the question's language, naming the widget's button as
// the widget shows it (when even the FAQ's questions cannot be suggested).
std::string unsure(const AssistantQuestion& question) {
  return with_button(visitor_text(VisitorText::unsure, question.lang), widget_language(question.visitor));
}

}  // namespace

ModelAssistant::ModelAssistant(Settings settings, ChatClient& client, FaqAssistant& fallback, const Clock& clock,
                               SemanticSearch* semantic)
    : settings_(std::move(settings)), client_(client), fallback_(fallback), clock_(clock), semantic_(semantic) {}

bool ModelAssistant::paused() const { return clock_.now_ms() < paused_until_ms_; }

void ModelAssistant::record(bool ok, const std::string& error) {
  count_call(ok ? "ok" : "failed");
  if (ok) {
    if (failures_in_row_ >= settings_.failures_before_pause) log::info("model answers again");
    failures_in_row_ = 0;
    return;
  }
  ++failures_total_;
  ++failures_in_row_;
  // The error names the endpoint's complaint, never the key or the text.
  log::warn("model failed; the FAQ answers instead", {{"error", error}, {"in_a_row", failures_in_row_}});
  if (failures_in_row_ >= settings_.failures_before_pause) {
    paused_until_ms_ = clock_.now_ms() + settings_.pause_ms;
    log::warn("model paused", {{"ms", settings_.pause_ms}});
  }
}

void ModelAssistant::answer(const AssistantQuestion& question, std::shared_ptr<AnswerSink> sink) {
  // A number picking one of the FAQ's questions suggested just before is
  // that entry's answer: nothing for a model to guess.
  if (auto picked = fallback_.picked_suggestion(question)) {
    sink->finish(std::move(*picked));
    return;
  }
  if (paused()) {
    count_call("skipped");
    sink->finish(fallback_.reply_to(question));
    return;
  }
  // Ten by words, ten by meaning, fused: the model is shown the best few.
  constexpr std::size_t candidates = 10;
  auto by_words = fallback_.closest_entries(question.message.text, candidates, question.lang);
  if (semantic_ == nullptr || !semantic_->ready()) {
    if (semantic_ != nullptr) semantic_->retry_if_due();
    by_words.resize(std::min(by_words.size(), settings_.grounding_entries));
    ask_model(question, by_words, std::move(sink));
    return;
  }
  semantic_->rank(
      question.message.text, candidates,
      [this, question, sink, by_words = std::move(by_words)](std::vector<std::size_t> by_meaning) mutable {
        if (!sink->wanted()) {
          sink->finish(fallback_.reply_to(question));
          return;
        }
        ask_model(question, fuse_rankings({by_words, by_meaning}, settings_.grounding_entries), std::move(sink));
      });
}

void ModelAssistant::ask_model(const AssistantQuestion& question, const std::vector<std::size_t>& grounding,
                               std::shared_ptr<AnswerSink> sink) {
  std::vector<const FaqEntry*> facts;
  for (auto i : grounding) facts.push_back(&fallback_.entries()[i]);
  auto body = chat_request_body(settings_.model, answer_prompt(settings_.system_prompt, facts, question), true,
                                settings_.max_tokens);
  auto filter = std::make_shared<UnsureFilter>();
  client_.complete(
      std::move(body),
      [sink, filter](std::string_view delta) {
        if (!sink->wanted()) return false;
        auto shown = filter->feed(delta);
        if (!shown.empty()) sink->partial(shown);
        return true;
      },
      [this, sink, question](ChatClient::Result result) {
        try {
          finish_answer(question, std::move(result), *sink);
        } catch (const std::exception& e) {
          log::error("model answer failed", {{"error", e.what()}});
          sink->finish({unsure(question), false, {}});
        }
      });
}

void ModelAssistant::finish_answer(const AssistantQuestion& question, ChatClient::Result result, AnswerSink& sink) {
  if (!sink.wanted()) {
    // Stopped on purpose, not the model's fault; the reply will be dropped.
    sink.finish(fallback_.reply_to(question));
    return;
  }
  auto text = result.ok ? tidy_answer(result.text) : std::nullopt;
  record(text.has_value(), result.ok ? std::string("an empty or unreadable answer") : result.error);
  // Whatever the answer, the tokens it took are paid for.
  auto with_usage = [&](AssistantReply reply) {
    reply.input_tokens = result.usage.input;
    reply.output_tokens = result.usage.output;
    return reply;
  };
  if (!text) {
    // Whatever streamed so far is replaced by the stored answer.
    sink.finish(with_usage(fallback_.reply_to(question)));
    return;
  }
  if (is_unsure_reply(*text)) {
    // What the FAQ comes closest to, suggested by number, as when it answers alone.
    auto reply = fallback_.not_answered(question);
    reply.source = "model";
    sink.finish(with_usage(std::move(reply)));
    return;
  }
  sink.finish(with_usage({std::move(*text), true, "model"}));
}

void ModelAssistant::summarize(const VisitorContext& visitor, const std::vector<Message>& conversation,
                               std::function<void(ModelSummary)> done) {
  if (paused() || conversation.empty()) {
    done({});
    return;
  }
  auto body = chat_request_body(settings_.model, summary_prompt(visitor, conversation), false, 200);
  client_.complete(
      std::move(body), nullptr,
      [this, done = std::move(done)](ChatClient::Result result) {
        auto text = result.ok ? tidy_answer(result.text) : std::nullopt;
        record(text.has_value(), result.ok ? std::string("an empty or unreadable summary") : result.error);
        ModelSummary summary{{}, result.usage.input, result.usage.output};
        if (text) summary.text = cut_to_chars(*text, max_summary_chars);
        done(std::move(summary));
      },
      summary_time_limit);
}

}  // namespace baton
