#include "tools/wa-sim/rate_limiter.hpp"

namespace baton::sim {
namespace {

// Recipients whose bucket has refilled are forgotten once this many are kept.
constexpr std::size_t prune_above = 10000;

}  // namespace

RateLimiter::RateLimiter(double per_second, double pair_burst, std::int64_t pair_interval_ms)
    : per_second_(per_second),
      pair_burst_(pair_burst),
      pair_per_second_(1000.0 / static_cast<double>(pair_interval_ms)),
      number_(per_second, per_second) {}

RateLimiter::Verdict RateLimiter::admit(const std::string& recipient, std::int64_t now_ms) {
  if (!number_.try_take(now_ms)) return Verdict::throughput;
  auto it = pairs_.find(recipient);
  if (it == pairs_.end()) {
    if (pairs_.size() >= prune_above) {
      for (auto at = pairs_.begin(); at != pairs_.end();)
        at = at->second.full(now_ms) ? pairs_.erase(at) : std::next(at);
    }
    it = pairs_.emplace(recipient, TokenBucket(pair_burst_, pair_per_second_)).first;
  }
  return it->second.try_take(now_ms) ? Verdict::ok : Verdict::pair;
}

void RateLimiter::reset() {
  number_ = TokenBucket(per_second_, per_second_);
  pairs_.clear();
}

}  // namespace baton::sim
