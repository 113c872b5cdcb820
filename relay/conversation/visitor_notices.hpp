#pragma once
// What the relay writes into a visitor's chat about continuing on WhatsApp
// and call-backs, in the six languages of the widget. Placeholders such as
// {phone} are filled with fill_placeholders (common/placeholders.hpp).

#include <string_view>

#include "common/placeholders.hpp"
#include "relay/assistant/text/language_tag.hpp"

namespace baton {

enum class VisitorNotice : unsigned char {
  whatsapp_sent,             // {code} {phone} {agent}
  whatsapp_joined,           // {phone}
  call_booked,               // {agent} {phone} {when} {code}
  call_cancelled_by_you,     // {when}
  call_cancelled_by_us,      // {when}
  call_cancelled_unreached,  // {when}
};

std::string_view visitor_notice(VisitorNotice which, Lang lang);

}  // namespace baton
