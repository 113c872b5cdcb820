#include "relay/assistant/model/model_prompt.hpp"

namespace baton {
namespace {

std::string_view language_name(Lang lang) {
  switch (lang) {
    case Lang::en: return "English";
    case Lang::es: return "Spanish";
    case Lang::pt: return "Portuguese";
    case Lang::fr: return "French";
    case Lang::de: return "German";
    case Lang::ar: return "Arabic";
  }
  return "English";
}

std::string_view speaker(Author author) {
  switch (author) {
    case Author::visitor: return "Visitor";
    case Author::bot: return "Assistant";
    case Author::agent: return "Agent";
    case Author::system: return "Note";
  }
  return "Note";
}

}  // namespace

std::vector<ChatTurn> answer_prompt(std::string_view owner_prompt, const std::vector<const FaqEntry*>& facts,
                                    const AssistantQuestion& question) {
  std::string system(owner_prompt.empty() ? default_system_prompt : owner_prompt);
  system += "\n\nReply in ";
  system += language_name(question.lang);
  system +=
      ".\nAnswer only from the facts below, taken from the site's FAQ. Never invent prices, dates, "
      "policies or contact details. If the facts do not answer the question, reply with exactly ";
  system += unsure_marker;
  system += " and nothing else; a greeting or thanks may be answered politely.\n\nFacts:";
  if (facts.empty()) system += "\n(none)";
  for (const auto* fact : facts) {
    system += "\nQ: " + fact->question + "\nA: " + fact->answer + "\n";
  }
  std::vector<ChatTurn> turns{{"system", std::move(system)}};
  for (const auto& m : question.history) {
    if (m.text.empty() || !says_something(m.kind)) continue;
    if (m.author == Author::visitor) {
      turns.push_back({"user", m.text});
    } else if (m.author == Author::bot) {
      turns.push_back({"assistant", m.text});
    }
  }
  turns.push_back({"user", question.message.text});
  return turns;
}

std::vector<ChatTurn> summary_prompt(const VisitorContext& visitor, const std::vector<Message>& conversation) {
  std::string system =
      "You write the summary for a support agent who takes over a website chat and reads it on a phone. In "
      "English, at most three short lines without Markdown: what the visitor wants, what the assistant already "
      "answered, and what is still open. No greeting, no advice to the agent.";
  std::string transcript;
  if (!visitor.page_title.empty()) transcript += "Page: " + visitor.page_title + "\n";
  for (const auto& m : conversation) {
    if (m.text.empty() || !says_something(m.kind)) continue;
    transcript += std::string(speaker(m.author)) + ": " + m.text + "\n";
  }
  return {{"system", std::move(system)}, {"user", std::move(transcript)}};
}

}  // namespace baton
