#include "relay/store/commit_linger.hpp"

namespace baton {

void CommitLinger::observe(std::uint64_t queued_total, Clock::time_point now) {
  if (!started_) {
    started_ = true;
    window_start_ = now;
    window_start_total_ = queued_total;
    return;
  }
  if (now - window_start_ < settings_.window) return;
  auto span = std::chrono::duration<double>(now - window_start_).count();
  double latest = static_cast<double>(queued_total - window_start_total_) / span;
  // Half the last window, half what came before: a long quiet spell (the
  // writer asleep) reads as one slow window, and the rate falls at once.
  rate_ = rate_ == 0 ? latest : (rate_ + latest) / 2;
  window_start_ = now;
  window_start_total_ = queued_total;
}

}  // namespace baton
