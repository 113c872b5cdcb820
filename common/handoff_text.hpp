#pragma once
// The WhatsApp texts an agent receives: the one handoff message that must be
// readable in five seconds on a phone, and the tagged copies of later visitor
// messages. Everything fits WhatsApp's 4,096-character limit; when the
// conversation does not, its newest part is kept.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/author.hpp"
#include "common/protocol/visitor_context.hpp"

namespace baton {

inline constexpr std::size_t whatsapp_text_chars = 4096;

struct TranscriptLine {
  Author author = Author::visitor;
  std::string author_name;
  std::string text;
};

struct HandoffSummary {
  std::string code;
  VisitorContext visitor;
  std::vector<TranscriptLine> transcript;  // oldest first
  std::size_t earlier_lines = 0;           // older lines not in `transcript` at all
  // What the visitor wants, read first: a model's summary, or lines the relay
  // picked (the first question, what the assistant could not answer).
  std::vector<std::string> gist;
  bool gist_by_model = false;
};

std::string format_handoff_message(const HandoffSummary& summary, std::size_t max_chars = whatsapp_text_chars);

// "#K7P2QX Ana: text", cut at the front of `text` only if it cannot fit.
std::string format_relayed_message(std::string_view code, std::string_view visitor_name, std::string_view text,
                                   std::size_t max_chars = whatsapp_text_chars);

}  // namespace baton
