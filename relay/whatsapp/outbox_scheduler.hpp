#pragma once
// Decides which outbox row goes to the Cloud API next, on an injected clock.
// No I/O: the worker asks `next(now)`, sends, and reports back.
//
// Rules:
// - Per recipient, rows leave in id order, one at a time: an agent never sees
//   message 2 before message 1, and a retrying row holds the ones behind it.
// - A recipient whose 24-hour window is closed is "held": only rows marked
//   `bypass_hold` (the template that asks them to reply) may leave.
// - The number's throughput (80/s by default) and each recipient's pair
//   limit (burst 45, then 1 per 6 s) are token buckets; 130429 and 131056
//   pause the number or the recipient.
// - At most `max_in_flight` calls at once.
// - In a cluster, each relay schedules only the lanes it looks after, at its
//   share of the number's throughput (docs/cluster.md).

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "relay/core/token_bucket.hpp"

namespace baton {

struct OutboxJob {
  std::int64_t id = 0;
  std::string recipient;
  bool bypass_hold = false;
};

class OutboxScheduler {
 public:
  struct Limits {
    double rate_per_second = 80;
    double pair_burst = 45;
    double pair_per_second = 1.0 / 6.0;
    std::size_t max_in_flight = 4;
  };

  explicit OutboxScheduler(Limits limits);

  // Adds a row (or re-adds one restored at start-up); ignored if known.
  void enqueue(const OutboxJob& job, std::int64_t not_before_ms);
  // The next row allowed to go now, marked in flight; none if nothing may.
  std::optional<OutboxJob> next(std::int64_t now_ms);
  // The row is done (sent, failed or parked): it leaves the queue.
  void finish(std::int64_t id);
  // The row stays first in its lane and may go again at `at_ms`.
  void retry_at(std::int64_t id, std::int64_t at_ms);
  void pause_recipient(const std::string& recipient, std::int64_t until_ms);
  void pause_all(std::int64_t until_ms);
  void hold(const std::string& recipient);
  void release(const std::string& recipient);
  // How many holds were made so far: a mark for `release_unparked`.
  std::uint64_t holds_made() const { return holds_made_; }
  // Releases the lanes held before `mark` whose recipient `parked` says has
  // nothing parked any more: in a cluster, the relay that heard the
  // recipient's message released their rows, and only told this one there
  // was work. Holds made since `mark` are newer than what `parked` read.
  std::size_t release_unparked(std::uint64_t mark, const std::function<bool(const std::string& recipient)>& parked);
  // The number's throughput is `per_second` from now on (the share of it
  // this relay of a cluster has).
  void set_rate(double per_second, std::int64_t now_ms);
  // The lanes `keep` refuses leave this scheduler (another relay looks
  // after them now), but for a row in flight, which finishes here. Returns
  // how many rows left.
  std::size_t let_go(const std::function<bool(const std::string& recipient)>& keep);

  // When `next` may have something to give, if anything is waiting.
  std::optional<std::int64_t> next_wakeup(std::int64_t now_ms);

  bool contains(std::int64_t id) const;
  std::size_t queued() const;
  std::size_t in_flight() const { return in_flight_; }

 private:
  struct Entry {
    OutboxJob job;
    std::int64_t not_before_ms = 0;
  };
  struct Lane {
    std::deque<Entry> entries;  // id order
    std::optional<std::int64_t> in_flight_id;
    bool held = false;
    std::uint64_t held_at = 0;  // holds_made_ when it was held
    std::int64_t paused_until_ms = 0;
    TokenBucket pair;
  };

  Lane& lane(const std::string& recipient);
  // The entry of `lane` that would go next, ignoring time.
  Entry* candidate(Lane& lane);

  Limits limits_;
  TokenBucket throughput_;
  std::int64_t paused_until_ms_ = 0;
  std::size_t in_flight_ = 0;
  std::uint64_t holds_made_ = 0;
  std::map<std::string, Lane> lanes_;
  std::map<std::int64_t, std::string> recipient_of_;
  std::string last_served_;
};

}  // namespace baton
