#pragma once
// How often one address or one session may open chats, send, ask for a
// person, leave e-mails, connect live streams, and get the admin token wrong.
// The defaults are met by no real visitor (docs/limits.md argues each); the
// API and the live stream ask here before they act, and answer 429 (or an
// error frame) with the refusal's retry time.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "relay/core/rate_limit.hpp"
#include "relay/core/refusal.hpp"

namespace baton {

struct AbuseRates {
  Rate sessions_per_ip{30, 3600 * 1000};
  Rate messages_per_session{20, 60 * 1000};
  Rate messages_per_ip{120, 60 * 1000};
  Rate handoffs_per_session{6, 3600 * 1000};
  Rate handoffs_per_ip{10, 3600 * 1000};
  Rate emails_per_session{2, 3600 * 1000};
  Rate emails_per_ip{4, 3600 * 1000};
  Rate connects_per_ip{120, 60 * 1000};
  Rate admin_failures_per_ip{20, 3600 * 1000};

  friend bool operator==(const AbuseRates&, const AbuseRates&) = default;
};

class AbuseLimits {
 public:
  explicit AbuseLimits(const AbuseRates& rates);

  // Each check counts one use when it allows it (nullopt) and counts
  // nothing when it refuses. `ip` is a limit_key() (relay/core/address_range.hpp).
  std::optional<Refusal> new_session(const std::string& ip, std::int64_t now_ms);
  std::optional<Refusal> message(const std::string& session_id, const std::string& ip, std::int64_t now_ms);
  std::optional<Refusal> handoff(const std::string& session_id, const std::string& ip, bool by_email,
                                 std::int64_t now_ms);
  std::optional<Refusal> connect(const std::string& ip, std::int64_t now_ms);

  // Refused while this address has used up its wrong admin tokens.
  std::optional<Refusal> admin_attempt(const std::string& ip, std::int64_t now_ms);
  // Counts a wrong admin token; the answer is held back for the returned
  // time, which doubles with each failure (250 ms, 500 ms, ... at most 8 s).
  std::chrono::milliseconds admin_failed(const std::string& ip, std::int64_t now_ms);

 private:
  KeyedRateLimit sessions_per_ip_;
  KeyedRateLimit messages_per_session_;
  KeyedRateLimit messages_per_ip_;
  KeyedRateLimit handoffs_per_session_;
  KeyedRateLimit handoffs_per_ip_;
  KeyedRateLimit emails_per_session_;
  KeyedRateLimit emails_per_ip_;
  KeyedRateLimit connects_per_ip_;
  KeyedRateLimit admin_failures_per_ip_;
};

// "in 3 seconds", "in 12 minutes": when a refused visitor may try again.
std::string retry_phrase(std::int64_t wait_ms);

}  // namespace baton
