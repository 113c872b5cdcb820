#pragma once
// What an inbound WhatsApp message is shown as in a chat: its label in the
// reader's language ("📷 Foto"), then its caption, file name or contacts.

#include <string>
#include <string_view>

#include "common/lang.hpp"
#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

// `text` is the message's own text after routing took a chat code off it.
std::string shown_text(const InboundMessage& message, std::string_view text, Lang lang);

}  // namespace baton
