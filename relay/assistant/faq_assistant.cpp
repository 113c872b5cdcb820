#include "relay/assistant/faq_assistant.hpp"

#include <chrono>

#include "relay/assistant/small_talk.hpp"
#include "relay/assistant/text/lexicon.hpp"
#include "relay/core/log.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {

FaqAssistant::FaqAssistant(Settings settings, std::vector<FaqEntry> entries, Loading loading)
    : settings_(std::move(settings)), entries_(std::move(entries)) {
  if (loading == Loading::now || entries_.empty()) {
    current_->index = std::make_shared<const FaqIndex>(entries_);
    current_->lexicon_loaded = true;
    return;
  }
  current_->index = std::make_shared<const FaqIndex>(entries_, Lexicon::none(), FaqIndex::Weights{});
  loader_ = std::jthread([current = current_, entries = entries_](std::stop_token stop) {
    auto started = std::chrono::steady_clock::now();
    auto full = std::make_shared<const FaqIndex>(entries, Lexicon::system(), FaqIndex::Weights{}, stop);
    if (full->stopped()) return;  // the relay is stopping
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    {
      std::lock_guard lock(current->mutex);
      current->index = std::move(full);
      current->lexicon_loaded = true;
    }
    log::info("faq lexicon ready", {{"load_ms", took.count()}, {"lexicon", Lexicon::system().describe()}});
  });
}

std::shared_ptr<const FaqIndex> FaqAssistant::index() const {
  std::lock_guard lock(current_->mutex);
  return current_->index;
}

bool FaqAssistant::lexicon_loaded() const {
  std::lock_guard lock(current_->mutex);
  return current_->lexicon_loaded;
}

void FaqAssistant::answer(const AssistantQuestion& question, std::shared_ptr<AnswerSink> sink) {
  sink->finish(reply_to(question));
}

AssistantReply FaqAssistant::reply_to(const AssistantQuestion& question) const {
  switch (detect_small_talk(question.message.text)) {
    case SmallTalk::hello: return {std::string(visitor_text(VisitorText::hello, question.lang)), true, {}};
    case SmallTalk::thanks: return {std::string(visitor_text(VisitorText::thanks, question.lang)), true, {}};
    case SmallTalk::none: break;
  }
  // The reply's own words are in the question's language (the runner told
  // it with language_of); the FAQ's answers stay in the FAQ's, said so when
  // the two differ.
  auto index = this->index();
  auto lang = question.lang;
  auto matches = index->answer(question.message.text, settings_.confidence, lang);
  std::string preface;
  if (lang != index->lang()) preface = std::string(visitor_text(VisitorText::faq_other_language, lang)) + "\n\n";
  if (matches.size() == 1) {
    const auto& entry = index->entry(matches[0].entry);
    if (preface.empty()) return {entry.answer, true, entry.question};
    return {preface + entry.question + "\n" + entry.answer, true, entry.question};
  }
  if (matches.size() == 2) {
    // Both, each under its question, so the visitor sees which is which.
    const auto& first = index->entry(matches[0].entry);
    const auto& second = index->entry(matches[1].entry);
    return {std::string(visitor_text(VisitorText::two_answers, lang)) + "\n\n" + preface + first.question + "\n" +
                first.answer + "\n\n" + second.question + "\n" + second.answer,
            true, first.question + " | " + second.question};
  }
  return {with_button(visitor_text(VisitorText::unsure, lang), widget_language(question.visitor)), false, {}};
}

std::vector<std::size_t> FaqAssistant::closest_entries(std::string_view question, std::size_t limit,
                                                       std::optional<Lang> question_lang) const {
  std::vector<std::size_t> out;
  for (const auto& m : index()->search(question, limit, question_lang)) out.push_back(m.entry);
  return out;
}

}  // namespace baton
