#pragma once
// A token bucket on an injected clock (milliseconds): `capacity` tokens,
// refilled at `per_second`. Used for Meta's per-number throughput and its
// per-recipient pair limit (a burst of 45, then one every 6 seconds), and
// for the relay's own limits on visitors (relay/core/rate_limit.hpp).

#include <algorithm>
#include <cstdint>

namespace baton {

class TokenBucket {
 public:
  TokenBucket(double capacity, double per_second)
      : capacity_(capacity), per_ms_(per_second / 1000.0), tokens_(capacity) {}

  bool try_take(std::int64_t now_ms) {
    refill(now_ms);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  bool full(std::int64_t now_ms) {
    refill(now_ms);
    return tokens_ >= capacity_;
  }

  // Tokens taken and not yet regained.
  double used(std::int64_t now_ms) {
    refill(now_ms);
    return capacity_ - tokens_;
  }

  // A new size and pace from now on (a cluster's relays share one limit):
  // what was regained so far counts at the old pace, and tokens beyond the
  // new capacity go.
  void reshape(double capacity, double per_second, std::int64_t now_ms) {
    refill(now_ms);
    capacity_ = capacity;
    per_ms_ = per_second / 1000.0;
    tokens_ = std::min(tokens_, capacity_);
  }

  // When the next token will be there (now if one already is).
  std::int64_t ready_at(std::int64_t now_ms) {
    refill(now_ms);
    if (tokens_ >= 1.0) return now_ms;
    return now_ms + static_cast<std::int64_t>((1.0 - tokens_) / per_ms_) + 1;
  }

 private:
  void refill(std::int64_t now_ms) {
    if (now_ms > last_ms_) tokens_ = std::min(capacity_, tokens_ + static_cast<double>(now_ms - last_ms_) * per_ms_);
    last_ms_ = std::max(last_ms_, now_ms);
  }

  double capacity_;
  double per_ms_;
  double tokens_;
  std::int64_t last_ms_ = 0;
};

}  // namespace baton
