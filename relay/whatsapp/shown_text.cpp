#include "relay/whatsapp/shown_text.hpp"

#include "common/placeholders.hpp"
#include "common/text_policy.hpp"

namespace baton {

std::string shown_text(const InboundMessage& message, std::string_view raw_text, Lang lang) {
  // What arrives from WhatsApp passes the same text policy as what goes to it.
  auto text = clean_text(raw_text);
  if (!message.label) return text;
  auto label = fill_placeholders(visitor_text(*message.label, lang),
                                 {{"emoji", message.label_value}, {"count", message.label_value}});
  if (text.empty()) return label;
  // WhatsApp's name for a type nobody can show is a detail, not a caption.
  if (*message.label == VisitorText::unsupported_message) return label + " (" + text + ")";
  return label + ": " + text;
}

}  // namespace baton
