#pragma once
// What the relay writes into a visitor's chat about continuing on WhatsApp
// and call-backs, in the six languages of the widget. Placeholders such as
// {phone} are filled with `fill`.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

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

// `text` with each {name} replaced by its value.
std::string fill(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace baton
