#pragma once
// What one Cloud API call came back with, and what the outbox should do next.

#include <cstdint>
#include <string>

namespace baton {

struct GraphResult {
  // not_sent: the request never fully left (connect, TLS or write failed), so
  // Meta cannot have acted on it. lost: it was sent and no complete answer
  // came back (timeout, reset): Meta may or may not have accepted it.
  enum class Transport { answered, not_sent, lost };
  Transport transport = Transport::answered;
  unsigned http_status = 0;
  std::string body;
  std::string detail;  // transport error text, for logs
};

struct SendOutcome {
  enum class Kind {
    accepted,             // wamid known
    retry,                // transient: try again after a backoff
    in_doubt,             // may have been accepted: wait for a status webhook, then resend
    window_closed,        // 131047: a template must reopen the 24-hour window
    throttled,            // 130429 and kin: the whole number must slow down
    throttled_recipient,  // 131056: this recipient only
    account,              // the account cannot send at all (token, lock, payment): stop, keep it, probe
    permanent,            // will never succeed as it is
  };
  Kind kind = Kind::retry;
  std::string wamid;
  std::int64_t code = 0;    // Meta's error code, if any
  std::string description;  // "(#131026) Message Undeliverable: details"
};

SendOutcome classify(const GraphResult& result);

// What a Meta error code means for the message it came with, whether it was
// the call's answer or arrived later in a `failed` status: both are read
// alike. `subcode` is error_subcode (100 with 33 is an unknown phone number
// id: the account's setup, not the message).
SendOutcome::Kind kind_of_error(std::int64_t code, std::int64_t subcode = 0);

// Whether the error is the account's (no message can go until it is fixed).
inline bool is_account_error(std::int64_t code, std::int64_t subcode = 0) {
  return kind_of_error(code, subcode) == SendOutcome::Kind::account;
}

}  // namespace baton
