#pragma once
// Exponential backoff with jitter: attempt n waits between half and all of
// min(cap, base * 2^(n-1)), so retries from many messages do not line up.

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace baton {

struct Backoff {
  std::int64_t base_ms = 1000;
  std::int64_t cap_ms = 5 * 60 * 1000;

  // `unit_random` in [0, 1); the caller supplies it so tests are repeatable.
  std::int64_t delay_ms(std::uint32_t attempt, double unit_random) const {
    double full = static_cast<double>(base_ms) * std::pow(2.0, static_cast<double>(std::max(attempt, 1u) - 1));
    full = std::min(full, static_cast<double>(cap_ms));
    return static_cast<std::int64_t>(full / 2 + unit_random * full / 2);
  }
};

}  // namespace baton
