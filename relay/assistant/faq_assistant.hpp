#pragma once
// The built-in assistant: answers from the site owner's FAQ, fully offline.
// It answers with the best entry when that entry covers enough of the
// question; otherwise it says it is not sure and points to a person, in the
// visitor's language. With no FAQ it is honest about knowing nothing.
//
// The thesauri and dictionaries (text/lexicon.hpp) take a few hundred
// milliseconds to open. The relay opens them on a thread of their own: it
// listens at once, answers from the FAQ's own words meanwhile, and switches
// to the full index when it is built.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "relay/assistant/assistant.hpp"
#include "relay/assistant/faq_index.hpp"

namespace baton {

class FaqAssistant final : public Assistant {
 public:
  struct Settings {
    std::string name;  // empty: the widget names it in its language
    FaqIndex::Confidence confidence;
  };

  enum class Loading { now, in_background };

  FaqAssistant(Settings settings, std::vector<FaqEntry> entries, Loading loading = Loading::now);

  std::string name() const override { return settings_.name; }
  const Settings& settings() const { return settings_; }
  void answer(const AssistantQuestion& question, std::shared_ptr<AnswerSink> sink) override;
  Lang language_of(std::string_view text, Lang fallback) const override { return index()->language_of(text, fallback); }

  // The same answer, synchronously: also the model assistant's fallback.
  AssistantReply reply_to(const AssistantQuestion& question) const;
  // The answer of the entry a number picks from the questions the
  // assistant's last message suggested; nullopt when the message is not such
  // a number (or the FAQ no longer has that question).
  std::optional<AssistantReply> picked_suggestion(const AssistantQuestion& question) const;
  // No answer: the closest questions suggested by number, or "not sure" when
  // none is close enough (also what the model assistant says when it does
  // not know).
  AssistantReply not_answered(const AssistantQuestion& question) const;
  // The entries closest to a question, best first, as indexes into
  // entries(): grounding for a model. `question_lang` as FaqIndex::search.
  std::vector<std::size_t> closest_entries(std::string_view question, std::size_t limit,
                                           std::optional<Lang> question_lang = {}) const;
  const std::vector<FaqEntry>& entries() const { return entries_; }
  // The index in use: by the FAQ's own words until the lexicon is loaded.
  std::shared_ptr<const FaqIndex> index() const;
  bool lexicon_loaded() const;

 private:
  AssistantReply not_answered(const AssistantQuestion& question, const FaqIndex& index,
                              const FaqIndex::Evidence& evidence) const;

  // What the loading thread replaces when it is done.
  struct Current {
    std::mutex mutex;
    std::shared_ptr<const FaqIndex> index;
    bool lexicon_loaded = false;
  };

  Settings settings_;
  std::vector<FaqEntry> entries_;
  std::shared_ptr<Current> current_ = std::make_shared<Current>();
  std::jthread loader_;  // last: asked to stop and joined first
};

}  // namespace baton
