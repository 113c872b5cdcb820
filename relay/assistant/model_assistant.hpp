#pragma once
// The assistant backed by any OpenAI-compatible chat completions endpoint
// (a hosted API, or a local llama.cpp, vLLM or Ollama server). The FAQ
// entries closest to the question ground every answer (by its words and,
// when the server gives embeddings, by meaning, the two rankings fused); the answer streams to
// the tabs as the model writes it. When the model fails (an error, a time
// limit, nonsense) the built-in FAQ assistant answers instead, so the visitor
// only sees a slower reply. After a few failures in a row the model is left
// alone for a while rather than making every visitor wait for it.

#include <memory>
#include <string>

#include "relay/assistant/assistant.hpp"
#include "relay/assistant/faq_assistant.hpp"
#include "relay/assistant/model/chat_client.hpp"
#include "relay/assistant/semantic_search.hpp"
#include "relay/core/clock.hpp"

namespace baton {

class ModelAssistant final : public Assistant {
 public:
  struct Settings {
    std::string model;
    std::string system_prompt;  // the site owner's; a short default when empty
    std::size_t grounding_entries = 4;
    unsigned max_tokens = 400;
    unsigned failures_before_pause = 3;
    std::int64_t pause_ms = 30000;
  };

  // A handoff waits for the summary at most this long, then uses its own.
  static constexpr std::chrono::milliseconds summary_time_limit{6000};

  // `semantic` may be null: grounding by words only.
  ModelAssistant(Settings settings, ChatClient& client, FaqAssistant& fallback, const Clock& clock,
                 SemanticSearch* semantic = nullptr);

  std::string name() const override { return fallback_.name(); }
  void answer(const AssistantQuestion& question, std::shared_ptr<AnswerSink> sink) override;
  Lang language_of(std::string_view text, Lang fallback) const override {
    return fallback_.language_of(text, fallback);
  }
  void summarize(const VisitorContext& visitor, const std::vector<Message>& conversation,
                 std::function<void(ModelSummary)> done) override;

  // Model calls that failed, and answers the FAQ gave in the model's place.
  std::uint64_t failures() const { return failures_total_; }

 private:
  bool paused() const;
  void ask_model(const AssistantQuestion& question, const std::vector<std::size_t>& grounding,
                 std::shared_ptr<AnswerSink> sink);
  void finish_answer(const AssistantQuestion& question, ChatClient::Result result, AnswerSink& sink);
  void record(bool ok, const std::string& error);

  Settings settings_;
  ChatClient& client_;
  FaqAssistant& fallback_;
  const Clock& clock_;
  SemanticSearch* semantic_;
  unsigned failures_in_row_ = 0;
  std::int64_t paused_until_ms_ = 0;
  std::uint64_t failures_total_ = 0;
};

}  // namespace baton
