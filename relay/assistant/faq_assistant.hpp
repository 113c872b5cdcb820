#pragma once
// The built-in assistant: answers from the site owner's FAQ, fully offline.
// It answers with the best entry when that entry covers enough of the
// question; otherwise it says it is not sure and points to a person, in the
// visitor's language. With no FAQ it is honest about knowing nothing.

#include <optional>
#include <string>
#include <vector>

#include "relay/assistant/assistant.hpp"
#include "relay/assistant/faq_index.hpp"

namespace baton {

class FaqAssistant final : public Assistant {
 public:
  struct Settings {
    std::string name = "Assistant";
    std::string greeting;
    FaqIndex::Confidence confidence;
  };

  FaqAssistant(Settings settings, std::vector<FaqEntry> entries);

  std::string name() const override { return settings_.name; }
  std::string greeting() const override { return settings_.greeting; }
  void answer(const AssistantQuestion& question, std::shared_ptr<AnswerSink> sink) override;
  Lang language_of(std::string_view text, Lang fallback) const override { return index_.language_of(text, fallback); }

  // The same answer, synchronously: also the model assistant's fallback.
  AssistantReply reply_to(const AssistantQuestion& question) const;
  // The entries closest to a question, best first: grounding for a model.
  std::vector<const FaqEntry*> closest(std::string_view question, std::size_t limit,
                                       std::optional<Lang> hint = {}) const;
  // The same, as indexes into the FAQ's entries.
  std::vector<std::size_t> closest_entries(std::string_view question, std::size_t limit,
                                           std::optional<Lang> hint = {}) const;
  const FaqIndex& index() const { return index_; }

 private:
  Settings settings_;
  FaqIndex index_;
};

}  // namespace baton
