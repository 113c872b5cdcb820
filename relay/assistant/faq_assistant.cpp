#include "relay/assistant/faq_assistant.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string_view>

#include "relay/assistant/small_talk.hpp"
#include "relay/assistant/text/lexicon.hpp"
#include "relay/core/log.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {
namespace {

// "2", "#2", "2." or "2)": a visitor picking one of the questions suggested.
std::optional<std::size_t> picked_number(std::string_view text) {
  auto first = text.find_first_not_of(" \t\n#");
  auto last = text.find_last_not_of(" \t\n.)");
  if (first == std::string_view::npos || last == std::string_view::npos || last != first) return std::nullopt;
  if (text[first] < '1' || text[first] > '9') return std::nullopt;
  return static_cast<std::size_t>(text[first] - '1');
}

// The question numbered `number` (0-based) in the assistant's last message,
// if that message suggested questions: its lines "1. How much is a check-up?".
std::optional<std::string> suggested_question(const std::vector<Message>& history, std::size_t number) {
  auto last = std::find_if(history.rbegin(), history.rend(), [](const Message& m) { return m.author == Author::bot; });
  if (last == history.rend()) return std::nullopt;
  auto label = std::to_string(number + 1) + ". ";
  std::string_view text = last->text;
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    auto line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (line.starts_with(label)) return std::string(line.substr(label.size()));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return std::nullopt;
}

// A line saying the FAQ's answers are in another language than the
// question's, before them; empty when they are in the same.
std::string other_language_preface(const FaqIndex& index, Lang lang) {
  if (lang == index.lang()) return {};
  return std::string(visitor_text(VisitorText::faq_other_language, lang)) + "\n\n";
}

// One entry's answer; under the preface and its question when the FAQ is in
// another language than the question.
AssistantReply one_answer(const FaqIndex& index, const FaqEntry& entry, Lang lang) {
  auto preface = other_language_preface(index, lang);
  if (preface.empty()) return {entry.answer, true, entry.question};
  return {preface + entry.question + "\n" + entry.answer, true, entry.question};
}

}  // namespace

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
  if (auto picked = picked_suggestion(question)) return *picked;
  // The reply's own words are in the question's language (the runner told
  // it with language_of); the FAQ's answers stay in the FAQ's, said so when
  // the two differ.
  auto index = this->index();
  auto lang = question.lang;
  auto evidence = index->weigh(question.message.text, lang);
  auto matches = FaqIndex::decide(evidence, settings_.confidence);
  if (matches.size() == 1) return one_answer(*index, index->entry(matches[0].entry), lang);
  if (matches.size() == 2) {
    // Both, each under its question, so the visitor sees which is which.
    const auto& first = index->entry(matches[0].entry);
    const auto& second = index->entry(matches[1].entry);
    return {std::string(visitor_text(VisitorText::two_answers, lang)) + "\n\n" + other_language_preface(*index, lang) +
                first.question + "\n" + first.answer + "\n\n" + second.question + "\n" + second.answer,
            true, first.question + " | " + second.question};
  }
  return not_answered(question, *index, evidence);
}

std::optional<AssistantReply> FaqAssistant::picked_suggestion(const AssistantQuestion& question) const {
  auto number = picked_number(question.message.text);
  if (!number) return std::nullopt;
  auto picked = suggested_question(question.history, *number);
  if (!picked) return std::nullopt;
  auto index = this->index();
  for (std::size_t i = 0; i < index->size(); ++i) {
    if (index->entry(i).question == *picked) return one_answer(*index, index->entry(i), question.lang);
  }
  return std::nullopt;  // no longer in the FAQ
}

AssistantReply FaqAssistant::not_answered(const AssistantQuestion& question) const {
  auto index = this->index();
  return not_answered(question, *index, index->weigh(question.message.text, question.lang));
}

AssistantReply FaqAssistant::not_answered(const AssistantQuestion& question, const FaqIndex& index,
                                          const FaqIndex::Evidence& evidence) const {
  auto lang = question.lang;
  auto suggested = FaqIndex::suggest(evidence, settings_.confidence);
  if (suggested.empty()) {
    return {with_button(visitor_text(VisitorText::unsure, lang), widget_language(question.visitor)), false, {}};
  }
  // The FAQ's own questions, numbered, as written (in the FAQ's language).
  std::string text = std::string(visitor_text(VisitorText::suggestions_intro, lang)) + "\n\n";
  for (std::size_t i = 0; i < suggested.size(); ++i) {
    text += std::to_string(i + 1) + ". " + index.entry(suggested[i].entry).question + "\n";
  }
  text += "\n" + with_button(visitor_text(VisitorText::suggestions_outro, lang), widget_language(question.visitor));
  return {std::move(text), false, {}};
}

std::vector<std::size_t> FaqAssistant::closest_entries(std::string_view question, std::size_t limit,
                                                       std::optional<Lang> question_lang) const {
  std::vector<std::size_t> out;
  for (const auto& m : index()->search(question, limit, question_lang)) out.push_back(m.entry);
  return out;
}

}  // namespace baton
