#pragma once
// The one place that checks a handoff request and words its refusals. The
// JSON reader only checks shapes and lengths; what the fields must hold,
// and which a mode needs, is decided here.

#include <string_view>

#include "common/protocol/handoff.hpp"
#include "relay/core/refusal.hpp"

namespace baton {

// What a mode needs of a request (handoff/modes.cpp gives each its rules).
struct RequestRules {
  std::string_view consent_for = {};  // "a call-back": consent needed for it; empty: not asked
  bool phone = false;                 // a number to reach the visitor
  bool slot = false;                  // a call-back time
  bool email = false;                 // an address to answer at
  bool ascii_email = false;           // the address goes into SMTP commands, which take ASCII only
  bool message = false;               // the visitor's message is kept (checked as any message text)
};

// The request with its phone in E.164, or Refused (invalid) naming the
// field: consent_required, invalid_phone, invalid_slot, invalid_field
// (email), or the message text's own problem.
HandoffRequest checked_request(HandoffRequest request, const RequestRules& rules);

}  // namespace baton
