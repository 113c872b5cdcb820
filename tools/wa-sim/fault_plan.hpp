#pragma once
// Faults tests ask for through POST /sim/faults: what the next send calls
// answer, what happens to their connections, how webhooks misbehave, and
// how media uploads and downloads fail.
// Counted rules are used up in the order they were added; `undeliverable`,
// `window` and `account` hold until cleared.

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>

#include "tools/wa-sim/sim_options.hpp"

namespace baton::sim {

enum class FaultKind {
  error,               // answer a Graph error; nothing is accepted
  http_status,         // answer a bare non-JSON status, like a proxy would
  slow,                // accept, then answer only after delay_ms
  drop_response,       // accept, then close the connection without an answer
  reject,              // close the connection before reading the request
  duplicate_webhooks,  // deliver the next webhooks twice
  reorder_statuses,    // deliver a message's statuses as read, delivered, sent
  batch_statuses,      // deliver a message's sent and delivered in one POST
  undeliverable,       // sends to `phone` fail with 131026
  window,              // switch how 131047 is reported
  account,             // every send (and, for 190, every read) fails with an account error until cleared
  late_failure,        // the next accepted message is sent (maybe delivered), then `failed` with `code`
  media_upload,        // the next media uploads answer the Graph error `code`
  media_download,      // the next media URL downloads answer `status` (a 5xx by default)
  media_expired,       // the next media URL downloads answer 404, as an expired URL does
};

struct FaultRule {
  FaultKind kind = FaultKind::error;
  std::uint32_t remaining = 1;
  std::int64_t code = 0;
  unsigned status = 503;
  std::int64_t delay_ms = 0;
  std::string phone;  // E.164
  WindowErrors window = WindowErrors::async;
  bool after_delivered = false;  // late_failure: fail after `delivered` rather than after `sent`
};

class FaultPlan {
 public:
  explicit FaultPlan(WindowErrors default_window) : default_window_(default_window), window_(default_window) {}

  // One rule or {"rules":[...]}; all of them or none. Returns an error text
  // for a bad rule.
  std::optional<std::string> add(const boost::json::value& request);

  // The next error/http_status/slow/drop_response rule, used up by one call.
  std::optional<FaultRule> take_send_fault();
  // Uses up one count of a counted rule of `kind`, if any is pending.
  bool take(FaultKind kind);
  // The same, returning the rule (its code or status).
  std::optional<FaultRule> take_rule(FaultKind kind);

  bool undeliverable(const std::string& phone) const { return undeliverable_.contains(phone); }
  // The account error every call answers, while an `account` rule holds.
  std::optional<std::int64_t> account_error() const { return account_; }
  // The next late_failure rule, used up by one accepted message.
  std::optional<FaultRule> take_late_failure();
  WindowErrors window_errors() const { return window_; }

  boost::json::array to_json() const;
  void clear();

 private:
  static std::optional<std::string> parse(const boost::json::value& item, FaultRule& rule);

  WindowErrors default_window_;
  WindowErrors window_;
  std::deque<FaultRule> counted_;
  std::set<std::string> undeliverable_;
  std::optional<std::int64_t> account_;
};

std::string_view to_string(FaultKind kind);

}  // namespace baton::sim
