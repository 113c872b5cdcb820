#pragma once
// What the assistant says in its own words (not from the FAQ), in each of the
// widget's languages. "Talk to a live agent" is the widget's button, named
// as each language's widget names it.

#include <string_view>

#include "relay/assistant/text/language_tag.hpp"

namespace baton {

enum class Phrase : unsigned char {
  unsure,                // no confident answer
  offer_on_request,      // the visitor asked for a person
  offer_on_frustration,  // the visitor is unhappy with the answers
  offer_after_failures,  // two questions in a row without an answer
  hello,                 // the visitor only greeted
  thanks,                // the visitor only thanked
  two_answers,           // two FAQ entries fit equally well; both follow
  offer_after_wait,      // nobody has taken the chat for a while
  back_with_assistant,   // the agent ended the chat and the assistant answers again
};

std::string_view phrase(Phrase which, Lang lang);

}  // namespace baton
