#pragma once
// How often one visitor (one address, one session) may do something: a rate
// such as "30/h", kept as one token bucket per key. Used by the relay's abuse
// limits (relay/core/abuse_limits.hpp); docs/limits.md argues the defaults.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "relay/core/token_bucket.hpp"

namespace baton {

// `count` per `period_ms`, with a burst of `count`: the whole allowance may
// be used at once, and it comes back evenly over the period.
struct Rate {
  std::uint32_t count = 0;
  std::int64_t period_ms = 0;

  // "N/s", "N/min", "N/h" or "N/d" with N from 1 to 1,000,000.
  static std::optional<Rate> parse(std::string_view text);
  std::string to_string() const;

  friend bool operator==(const Rate&, const Rate&) = default;
};

class KeyedRateLimit {
 public:
  // At most `max_keys` buckets are kept (see make_room).
  explicit KeyedRateLimit(Rate rate, std::size_t max_keys = 65536);

  // Takes one use for `key`: 0 when it is allowed, otherwise how many
  // milliseconds until it would be (nothing is taken then).
  std::int64_t take(const std::string& key, std::int64_t now_ms);

  // How many milliseconds until `key` may be used (0: now); takes nothing.
  std::int64_t wait(const std::string& key, std::int64_t now_ms);

  // Uses of `key` not yet regained (0 for a key never seen).
  double used(const std::string& key, std::int64_t now_ms);

  std::size_t keys() const { return buckets_.size(); }

 private:
  // Forgets the keys whose allowance is whole again (they would start
  // afresh anyway); if every key is mid-period, forgets half of them. Many
  // addresses at once (a botnet) thus cost bounded memory, at the price of
  // some of them starting afresh early.
  void make_room(std::int64_t now_ms);

  Rate rate_;
  std::size_t max_keys_;
  std::unordered_map<std::string, TokenBucket> buckets_;
};

}  // namespace baton
