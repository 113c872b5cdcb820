#include "relay/whatsapp/shown_text.hpp"

#include "common/placeholders.hpp"

namespace baton {

std::string shown_text(const InboundMessage& message, std::string_view text, Lang lang) {
  if (!message.label) return std::string(text);
  auto label = fill_placeholders(visitor_text(*message.label, lang),
                                 {{"emoji", message.label_value}, {"count", message.label_value}});
  if (text.empty()) return label;
  // WhatsApp's name for a type nobody can show is a detail, not a caption.
  if (*message.label == VisitorText::unsupported_message) return label + " (" + std::string(text) + ")";
  return label + ": " + std::string(text);
}

}  // namespace baton
