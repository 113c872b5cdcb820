#pragma once
// Meta's two send limits: the number's throughput (80 messages per second by
// default, 130429) and the per-recipient pair limit (a burst of 45, then one
// message every 6 seconds, 131056). Time is passed in so tests need no clock.

#include <cstdint>
#include <map>
#include <string>

#include "relay/core/token_bucket.hpp"

namespace baton::sim {

class RateLimiter {
 public:
  enum class Verdict { ok, throughput, pair };

  RateLimiter(double per_second, double pair_burst, std::int64_t pair_interval_ms);

  // Takes a token from the number's bucket, then from the recipient's.
  Verdict admit(const std::string& recipient, std::int64_t now_ms);
  void reset();

 private:
  double per_second_;
  double pair_burst_;
  double pair_per_second_;
  TokenBucket number_;
  std::map<std::string, TokenBucket> pairs_;
};

}  // namespace baton::sim
