#pragma once
// The words each handoff mode shows: its option, its consent sentence and its
// button. The consent sentence is also sent with the request, so the relay
// keeps the exact wording the visitor agreed to.

#include "client/core/language.hpp"
#include "common/protocol/handoff.hpp"

namespace baton::client {

Text option_text(HandoffMode mode);
Text consent_text(HandoffMode mode);
Text submit_text(HandoffMode mode);

}  // namespace baton::client
