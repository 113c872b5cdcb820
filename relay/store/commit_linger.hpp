#pragma once
// When a store's writer waits a little for more writes before it commits.
//
// Each commit costs a sync and, for the relay, a round of wake-ups between
// its threads: about as much CPU as several webhooks' own work. Under light
// load the writer commits whatever has come at once, since nobody else is
// coming soon. Under heavy load writes arrive every hundred-odd
// microseconds or sooner; there the writer waits up to a millisecond,
// until `enough` writes are queued or until none came for a quarter of
// that, and commits them together (PostgreSQL's commit_delay works the
// same way). At 8,000 webhooks a second that cut the relay's CPU per
// webhook by a fifth, for one to two milliseconds more before each answer
// (docs/benchmarks.md). The rate is measured over a tenth of a second or
// more, so a burst after a slow sync does not set it off.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "relay/core/metrics.hpp"

namespace baton {

struct LingerSettings {
  double from_rate = 6000;                  // writes a second, from which the writer waits
  std::chrono::microseconds longest{1000};  // the longest wait for one commit
  std::size_t enough = 32;                  // writes that end a wait
  // No write for this long also ends a wait: every client that sends them
  // is waiting for an answer, and waiting longer only delays it.
  std::chrono::microseconds quiet{250};
  std::chrono::milliseconds window{100};  // the shortest span a rate is measured over
};

class CommitLinger {
 public:
  using Clock = std::chrono::steady_clock;

  using Settings = LingerSettings;

  // `waits`, if given, counts the commits that waited.
  explicit CommitLinger(Settings settings = {}, metrics::Counter* waits = nullptr)
      : settings_(settings), waits_(waits) {}

  // Writes queued since the start, a running total, as seen at `now`.
  void observe(std::uint64_t queued_total, Clock::time_point now);
  // Writes a second lately (a moving average over windows).
  double rate() const { return rate_; }
  // Whether to wait for more before committing `waiting` writes.
  bool wants_more(std::size_t waiting) const { return rate_ >= settings_.from_rate && waiting < settings_.enough; }
  const Settings& settings() const { return settings_; }
  // A commit waited.
  void waited() {
    if (waits_) waits_->inc();
  }

 private:
  Settings settings_;
  metrics::Counter* waits_;
  bool started_ = false;
  Clock::time_point window_start_{};
  std::uint64_t window_start_total_ = 0;
  double rate_ = 0;
};

}  // namespace baton
