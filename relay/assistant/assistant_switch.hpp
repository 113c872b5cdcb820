#pragma once
// The assistant the relay talks to, which the admin page can replace while
// visitors are chatting (a new FAQ, another model). Replaced parts finish
// what they were asked: they are kept until every model call they could
// have started has ended by its own time limit, and freed at a later change.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "relay/assistant/assistant.hpp"
#include "relay/assistant/faq_assistant.hpp"
#include "relay/assistant/model/chat_client.hpp"
#include "relay/assistant/model_assistant.hpp"
#include "relay/assistant/semantic_search.hpp"

namespace baton {

// One assistant as configured: the FAQ assistant always (the default, and
// the model's grounding and fallback), a model in front of it when one is
// set. Members are declared in the order they depend on each other.
struct AssistantParts {
  std::unique_ptr<FaqAssistant> faq;
  std::unique_ptr<ChatClient> chat;
  std::unique_ptr<SemanticSearch> semantic;
  std::unique_ptr<ModelAssistant> model;

  Assistant& active() { return model ? static_cast<Assistant&>(*model) : *faq; }
};

// What an assistant is built from: the flags and files at start, then what
// the admin page sets (relay/api/assistant_setting.hpp).
struct AssistantChoice {
  std::string faq;                // the FAQ's Markdown; empty: none
  std::vector<FaqEntry> entries;  // parsed from it
  std::string llm_url;            // empty: no model, the FAQ answers alone
  std::string llm_model;
  std::string llm_key;  // empty: the server needs none
};

class AssistantSwitch final : public Assistant {
 public:
  explicit AssistantSwitch(std::shared_ptr<AssistantParts> parts) : current_(std::move(parts)) {}

  // The next question goes to `parts`; answers under way finish with the old.
  void replace(std::shared_ptr<AssistantParts> parts);
  // How long replaced parts are kept: longer than any call of theirs lasts.
  static std::chrono::milliseconds keep_replaced_for(const AssistantParts& parts);
  // The parts in use (the admin page's "try a question" asks their FAQ).
  std::shared_ptr<AssistantParts> current() const { return current_; }
  // At shutdown: model calls under way end now (the FAQ answers instead),
  // in the parts in use and in any replaced ones still finishing.
  void close();

  std::string name() const override { return current_->active().name(); }
  void answer(const AssistantQuestion& question, std::shared_ptr<AnswerSink> sink) override;
  Lang language_of(std::string_view text, Lang fallback) const override {
    return current_->active().language_of(text, fallback);
  }
  void summarize(const VisitorContext& visitor, const std::vector<Message>& conversation,
                 std::function<void(ModelSummary)> done) override;

 private:
  std::shared_ptr<AssistantParts> current_;
  struct Replaced {
    std::shared_ptr<AssistantParts> parts;
    std::chrono::steady_clock::time_point until;
  };
  std::vector<Replaced> replaced_;
};

}  // namespace baton
