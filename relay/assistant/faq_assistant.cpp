#include "relay/assistant/faq_assistant.hpp"

#include "relay/assistant/small_talk.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {

FaqAssistant::FaqAssistant(Settings settings, std::vector<FaqEntry> entries)
    : settings_(std::move(settings)), index_(std::move(entries)) {}

void FaqAssistant::answer(const AssistantQuestion& question, std::shared_ptr<AnswerSink> sink) {
  sink->finish(reply_to(question));
}

AssistantReply FaqAssistant::reply_to(const AssistantQuestion& question) const {
  switch (detect_small_talk(question.message.text)) {
    case SmallTalk::hello: return {std::string(visitor_text(VisitorText::hello, question.lang)), true, {}};
    case SmallTalk::thanks: return {std::string(visitor_text(VisitorText::thanks, question.lang)), true, {}};
    case SmallTalk::none: break;
  }
  // The reply's own words are in the question's language; the FAQ's
  // answers stay in the FAQ's, said so when the two differ.
  auto lang = index_.language_of(question.message.text, question.lang);
  auto matches = index_.answer(question.message.text, settings_.confidence, lang);
  std::string preface;
  if (lang != index_.lang()) preface = std::string(visitor_text(VisitorText::faq_other_language, lang)) + "\n\n";
  if (matches.size() == 1) {
    const auto& entry = index_.entry(matches[0].entry);
    if (preface.empty()) return {entry.answer, true, entry.question};
    return {preface + entry.question + "\n" + entry.answer, true, entry.question};
  }
  if (matches.size() == 2) {
    // Both, each under its question, so the visitor sees which is which.
    const auto& first = index_.entry(matches[0].entry);
    const auto& second = index_.entry(matches[1].entry);
    return {std::string(visitor_text(VisitorText::two_answers, lang)) + "\n\n" + preface + first.question + "\n" +
                first.answer + "\n\n" + second.question + "\n" + second.answer,
            true, first.question + " | " + second.question};
  }
  return {std::string(visitor_text(VisitorText::unsure, lang)), false, {}};
}

std::vector<const FaqEntry*> FaqAssistant::closest(std::string_view question, std::size_t limit,
                                                   std::optional<Lang> hint) const {
  std::vector<const FaqEntry*> out;
  for (auto i : closest_entries(question, limit, hint)) out.push_back(&index_.entry(i));
  return out;
}

std::vector<std::size_t> FaqAssistant::closest_entries(std::string_view question, std::size_t limit,
                                                       std::optional<Lang> hint) const {
  std::vector<std::size_t> out;
  for (const auto& m : index_.search(question, limit, hint)) out.push_back(m.entry);
  return out;
}

}  // namespace baton
