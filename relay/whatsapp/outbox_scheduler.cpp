#include "relay/whatsapp/outbox_scheduler.hpp"

#include <algorithm>

namespace baton {

OutboxScheduler::OutboxScheduler(Limits limits)
    : limits_(limits), throughput_(limits.rate_per_second, limits.rate_per_second) {}

OutboxScheduler::Lane& OutboxScheduler::lane(const std::string& recipient) {
  auto it = lanes_.find(recipient);
  if (it == lanes_.end()) {
    it = lanes_.emplace(recipient, Lane{{}, {}, false, 0, 0, TokenBucket(limits_.pair_burst, limits_.pair_per_second)})
             .first;
  }
  return it->second;
}

void OutboxScheduler::enqueue(const OutboxJob& job, std::int64_t not_before_ms) {
  if (recipient_of_.contains(job.id)) return;
  auto& l = lane(job.recipient);
  auto pos = std::find_if(l.entries.begin(), l.entries.end(), [&](const Entry& e) { return e.job.id > job.id; });
  l.entries.insert(pos, Entry{job, not_before_ms});
  recipient_of_[job.id] = job.recipient;
}

OutboxScheduler::Entry* OutboxScheduler::candidate(Lane& l) {
  if (l.in_flight_id || l.entries.empty()) return nullptr;
  if (!l.held) return &l.entries.front();
  for (auto& e : l.entries) {
    if (e.job.bypass_hold) return &e;
  }
  return nullptr;
}

std::optional<OutboxJob> OutboxScheduler::next(std::int64_t now_ms) {
  if (in_flight_ >= limits_.max_in_flight || now_ms < paused_until_ms_ || lanes_.empty()) return std::nullopt;
  // Round-robin over recipients, starting after the one served last, so one
  // busy agent cannot starve the others.
  auto start = lanes_.upper_bound(last_served_);
  for (std::size_t visited = 0; visited < lanes_.size(); ++visited, ++start) {
    if (start == lanes_.end()) start = lanes_.begin();
    auto& [recipient, l] = *start;
    auto* entry = candidate(l);
    if (!entry || entry->not_before_ms > now_ms || l.paused_until_ms > now_ms) continue;
    if (l.pair.ready_at(now_ms) > now_ms) continue;
    if (!throughput_.try_take(now_ms)) return std::nullopt;
    l.pair.try_take(now_ms);
    l.in_flight_id = entry->job.id;
    ++in_flight_;
    last_served_ = recipient;
    return entry->job;
  }
  return std::nullopt;
}

void OutboxScheduler::finish(std::int64_t id) {
  auto it = recipient_of_.find(id);
  if (it == recipient_of_.end()) return;
  auto lane_it = lanes_.find(it->second);
  recipient_of_.erase(it);
  if (lane_it == lanes_.end()) return;
  auto& l = lane_it->second;
  if (l.in_flight_id == id) {
    l.in_flight_id.reset();
    --in_flight_;
  }
  std::erase_if(l.entries, [id](const Entry& e) { return e.job.id == id; });
}

void OutboxScheduler::retry_at(std::int64_t id, std::int64_t at_ms) {
  auto it = recipient_of_.find(id);
  if (it == recipient_of_.end()) return;
  auto& l = lanes_.at(it->second);
  if (l.in_flight_id == id) {
    l.in_flight_id.reset();
    --in_flight_;
  }
  for (auto& e : l.entries) {
    if (e.job.id == id) e.not_before_ms = at_ms;
  }
}

void OutboxScheduler::pause_recipient(const std::string& recipient, std::int64_t until_ms) {
  auto& l = lane(recipient);
  l.paused_until_ms = std::max(l.paused_until_ms, until_ms);
}

void OutboxScheduler::pause_all(std::int64_t until_ms) { paused_until_ms_ = std::max(paused_until_ms_, until_ms); }

void OutboxScheduler::hold(const std::string& recipient) {
  auto& l = lane(recipient);
  l.held = true;
  l.held_at = ++holds_made_;
}

std::size_t OutboxScheduler::release_unparked(std::uint64_t mark,
                                              const std::function<bool(const std::string& recipient)>& parked) {
  std::size_t released = 0;
  for (auto& [recipient, l] : lanes_) {
    if (!l.held || l.held_at > mark || parked(recipient)) continue;
    l.held = false;
    ++released;
  }
  return released;
}

void OutboxScheduler::release(const std::string& recipient) {
  auto it = lanes_.find(recipient);
  if (it != lanes_.end()) it->second.held = false;
}

std::optional<std::int64_t> OutboxScheduler::next_wakeup(std::int64_t now_ms) {
  if (in_flight_ >= limits_.max_in_flight) return std::nullopt;  // a finishing call wakes the worker
  // An idle lane is forgotten once its pair bucket has refilled: until then
  // it remembers how much of the burst the recipient has used.
  for (auto it = lanes_.begin(); it != lanes_.end();) {
    auto& l = it->second;
    bool idle = l.entries.empty() && !l.in_flight_id && !l.held && l.paused_until_ms <= now_ms && l.pair.full(now_ms);
    it = idle ? lanes_.erase(it) : std::next(it);
  }
  std::optional<std::int64_t> earliest;
  for (auto& [recipient, l] : lanes_) {
    auto* entry = candidate(l);
    if (!entry) continue;
    auto at = std::max({entry->not_before_ms, l.paused_until_ms, l.pair.ready_at(now_ms), paused_until_ms_});
    if (!earliest || at < *earliest) earliest = at;
  }
  if (earliest) earliest = std::max(*earliest, throughput_.ready_at(now_ms));
  return earliest;
}

void OutboxScheduler::set_rate(double per_second, std::int64_t now_ms) {
  limits_.rate_per_second = per_second;
  // A burst of at least one: a share under one a second (--graph-rate 1
  // over two relays) would make a bucket that never holds a whole token,
  // and nothing would ever be sent (found on review).
  throughput_.reshape(std::max(1.0, per_second), per_second, now_ms);
}

std::size_t OutboxScheduler::let_go(const std::function<bool(const std::string& recipient)>& keep) {
  std::size_t left = 0;
  for (auto& [recipient, l] : lanes_) {
    if (keep(recipient)) continue;
    auto in_flight = l.in_flight_id;
    std::erase_if(l.entries, [&](const Entry& e) {
      if (e.job.id == in_flight) return false;
      recipient_of_.erase(e.job.id);
      ++left;
      return true;
    });
    // Nothing of it stays here to hold or pause: the lane is forgotten once idle.
    l.held = false;
    l.paused_until_ms = 0;
  }
  return left;
}

bool OutboxScheduler::contains(std::int64_t id) const { return recipient_of_.contains(id); }

std::size_t OutboxScheduler::queued() const { return recipient_of_.size(); }

}  // namespace baton
