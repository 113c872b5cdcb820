#pragma once
// Does a visitor's message ask for a person, or show they are fed up with
// the assistant? Either way the widget opens the handoff options at once.
// Phrases in the six widget languages, matched on folded words. A person
// word alone is not enough in a longer message ("is the shipping agent
// DHL?" asks about shipping): it needs a verb of asking or contacting before
// it, or a message of only a few words ("agent please").

#include <string_view>

namespace baton {

enum class HandoverIntent : unsigned char { none, wants_person, frustrated };

HandoverIntent detect_handover_intent(std::string_view text);

}  // namespace baton
