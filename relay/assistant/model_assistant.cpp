#include "relay/assistant/model_assistant.hpp"

#include "relay/assistant/assistant_phrases.hpp"
#include "relay/assistant/model/model_prompt.hpp"
#include "relay/assistant/model/unsure_filter.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"

namespace baton {
namespace {

// ok: the model answered; failed: the FAQ answered in its place; skipped:
// paused after failures, the FAQ answered without asking it.
void count_call(const char* result) {
  metrics::registry()
      .counter("baton_model_calls_total", "Calls to the language model by result", std::string("result=\"") + result + "\"")
      .inc();
}

}  // namespace

ModelAssistant::ModelAssistant(Settings settings, ChatClient& client, FaqAssistant& fallback, const Clock& clock)
    : settings_(std::move(settings)), client_(client), fallback_(fallback), clock_(clock) {}

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
  if (paused()) {
    count_call("skipped");
    sink->finish(fallback_.reply_to(question));
    return;
  }
  auto facts = fallback_.closest(question.message.text, settings_.grounding_entries);
  auto body = chat_request_body(settings_.model, answer_prompt(settings_.system_prompt, facts, question), true,
                                settings_.max_tokens);
  auto filter = std::make_shared<UnsureFilter>();
  client_.complete(
      std::move(body),
      [sink, filter](std::string_view delta) {
        auto shown = filter->feed(delta);
        if (!shown.empty()) sink->partial(shown);
      },
      [this, sink, filter, question](ChatClient::Result result) {
        bool usable = result.ok && !result.text.empty();
        record(usable, result.ok ? std::string("an empty answer") : result.error);
        if (!usable) {
          // Whatever streamed so far is replaced by the stored answer.
          sink->finish(fallback_.reply_to(question));
          return;
        }
        if (is_unsure_reply(result.text)) {
          sink->finish({std::string(phrase(Phrase::unsure, question.lang)), false, "model"});
          return;
        }
        sink->finish({result.text, true, "model"});
      });
}

void ModelAssistant::summarize(const VisitorContext& visitor, const std::vector<Message>& conversation,
                               std::function<void(std::optional<std::string>)> done) {
  if (paused() || conversation.empty()) {
    done(std::nullopt);
    return;
  }
  auto body = chat_request_body(settings_.model, summary_prompt(visitor, conversation), false, 200);
  client_.complete(
      std::move(body), nullptr,
      [this, done = std::move(done)](ChatClient::Result result) {
    bool usable = result.ok && !result.text.empty();
    record(usable, result.ok ? std::string("an empty summary") : result.error);
    if (!usable) {
      done(std::nullopt);
      return;
    }
    auto text = std::move(result.text);
    if (text.size() > max_summary_chars) {
      // Cut at a character boundary, never inside a UTF-8 sequence.
      std::size_t cut = max_summary_chars;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      text = text.substr(0, cut) + "…";
    }
    done(std::move(text));
      },
      summary_time_limit);
}

}  // namespace baton
