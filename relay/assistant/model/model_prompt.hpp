#pragma once
// What the relay tells a language model. An answer prompt: the site owner's
// instructions, the FAQ entries closest to the question as the only facts,
// the visitor's language, and the conversation so far. A summary prompt:
// the conversation, for an agent reading it on a phone.

#include <string>
#include <string_view>
#include <vector>

#include "relay/assistant/assistant.hpp"
#include "relay/assistant/faq.hpp"
#include "relay/assistant/model/chat_protocol.hpp"

namespace baton {

// What the model answers when the facts do not cover the question; the
// relay never shows it, it says it is unsure in its own words instead.
inline constexpr std::string_view unsure_marker = "[[unsure]]";

inline constexpr std::string_view default_system_prompt =
    "You are the friendly assistant on a company's website chat. Answer briefly (at most three short sentences), "
    "in plain text without Markdown.";

std::vector<ChatTurn> answer_prompt(std::string_view owner_prompt, const std::vector<const FaqEntry*>& facts,
                                    const AssistantQuestion& question);

std::vector<ChatTurn> summary_prompt(const VisitorContext& visitor, const std::vector<Message>& conversation);

// Longest summary kept, in characters; WhatsApp shows a short message best.
inline constexpr std::size_t max_summary_chars = 500;

}  // namespace baton
