// The outbox's sending rules on an injected clock: order per recipient, one
// call in flight per recipient, holds for closed windows, Meta's throughput
// and pair limits, backoff.

#include <doctest/doctest.h>

#include "relay/core/token_bucket.hpp"
#include "relay/whatsapp/backoff.hpp"
#include "relay/whatsapp/outbox_scheduler.hpp"

using baton::OutboxJob;
using baton::OutboxScheduler;

namespace {

OutboxScheduler::Limits roomy() { return OutboxScheduler::Limits{80, 45, 1.0 / 6.0, 4}; }

}  // namespace

TEST_CASE("token bucket: burst, then the refill rate") {
  baton::TokenBucket pair(45, 1.0 / 6.0);
  std::int64_t now = 1'000'000;
  for (int i = 0; i < 45; ++i) CHECK(pair.try_take(now));
  CHECK_FALSE(pair.try_take(now));
  CHECK(pair.ready_at(now) == now + 6001);
  CHECK_FALSE(pair.try_take(now + 5999));
  CHECK(pair.try_take(now + 6001));
  CHECK_FALSE(pair.full(now + 6001));
  CHECK(pair.full(now + 6001 + 45 * 6000));
}

TEST_CASE("backoff: doubles to the cap, jittered between half and all") {
  baton::Backoff b{1000, 60000};
  CHECK(b.delay_ms(1, 0.0) == 500);
  CHECK(b.delay_ms(1, 0.999) == 999);
  CHECK(b.delay_ms(2, 0.0) == 1000);
  CHECK(b.delay_ms(4, 0.0) == 4000);
  CHECK(b.delay_ms(30, 0.0) == 30000);
  CHECK(b.delay_ms(30, 0.999) == 59970);
}

TEST_CASE("scheduler: one recipient gets rows in id order, one at a time") {
  OutboxScheduler s(roomy());
  s.enqueue(OutboxJob{3, "+1"}, 0);
  s.enqueue(OutboxJob{1, "+1"}, 0);
  s.enqueue(OutboxJob{2, "+1"}, 0);
  auto first = s.next(10);
  REQUIRE(first);
  CHECK(first->id == 1);
  CHECK_FALSE(s.next(10));  // row 2 waits for row 1
  s.finish(1);
  CHECK(s.next(10)->id == 2);
  s.finish(2);
  CHECK(s.next(10)->id == 3);
  s.finish(3);
  CHECK(s.queued() == 0);
  CHECK(s.in_flight() == 0);
}

TEST_CASE("scheduler: a retrying row holds the rows behind it") {
  OutboxScheduler s(roomy());
  s.enqueue(OutboxJob{1, "+1"}, 0);
  s.enqueue(OutboxJob{2, "+1"}, 0);
  CHECK(s.next(0)->id == 1);
  s.retry_at(1, 5000);
  CHECK_FALSE(s.next(4999));
  CHECK(s.next_wakeup(4999) == 5000);
  CHECK(s.next(5000)->id == 1);
}

TEST_CASE("scheduler: recipients are served round-robin and concurrently up to the limit") {
  OutboxScheduler s(OutboxScheduler::Limits{80, 45, 1.0 / 6.0, 2});
  s.enqueue(OutboxJob{1, "+1"}, 0);
  s.enqueue(OutboxJob{2, "+1"}, 0);
  s.enqueue(OutboxJob{3, "+2"}, 0);
  s.enqueue(OutboxJob{4, "+3"}, 0);
  auto a = s.next(0);
  auto b = s.next(0);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->recipient != b->recipient);
  CHECK_FALSE(s.next(0));  // two in flight
  CHECK_FALSE(s.next_wakeup(0));
  s.finish(a->id);
  auto c = s.next(0);
  REQUIRE(c);
  CHECK(c->recipient != b->recipient);
}

TEST_CASE("scheduler: a held recipient only lets the template through") {
  OutboxScheduler s(roomy());
  s.hold("+1");
  s.enqueue(OutboxJob{1, "+1"}, 0);
  s.enqueue(OutboxJob{2, "+1", true}, 0);
  auto job = s.next(0);
  REQUIRE(job);
  CHECK(job->id == 2);
  s.finish(2);
  CHECK_FALSE(s.next(0));
  s.release("+1");
  CHECK(s.next(0)->id == 1);
}

// Found on review: in a cluster the relay that hears an agent's reply
// releases their parked rows, but the lane's owner kept its hold, so the
// rows never went.
TEST_CASE("scheduler: a sweep releases holds with nothing parked any more, but not holds newer than its read") {
  OutboxScheduler s(roomy());
  s.hold("+1");
  s.hold("+2");
  auto mark = s.holds_made();  // the sweep reads the outbox here
  s.hold("+3");                // parked after the read: the read cannot know
  s.enqueue(OutboxJob{1, "+1"}, 0);
  s.enqueue(OutboxJob{2, "+2"}, 0);
  s.enqueue(OutboxJob{3, "+3"}, 0);
  auto parked = [](const std::string& recipient) { return recipient == "+2"; };
  CHECK(s.release_unparked(mark, parked) == 1);
  auto job = s.next(0);
  REQUIRE(job);
  CHECK(job->id == 1);
  CHECK_FALSE(s.next(0));  // +2 still has rows parked, +3 was held after the read
}

TEST_CASE("scheduler: the pair limit allows a burst of 45, then one per 6 s") {
  OutboxScheduler s(roomy());
  for (int i = 1; i <= 50; ++i) s.enqueue(OutboxJob{i, "+1"}, 0);
  std::int64_t now = 0;
  for (int i = 1; i <= 45; ++i) {
    auto job = s.next(now);
    REQUIRE(job);
    s.finish(job->id);
  }
  CHECK_FALSE(s.next(now));
  auto wake = s.next_wakeup(now);
  REQUIRE(wake);
  CHECK(*wake == 6001);
  CHECK(s.next(6001)->id == 46);
}

TEST_CASE("scheduler: the number's throughput caps all recipients together") {
  OutboxScheduler s(OutboxScheduler::Limits{10, 45, 1.0 / 6.0, 100});
  for (int i = 1; i <= 20; ++i) s.enqueue(OutboxJob{i, "+" + std::to_string(i)}, 0);
  int sent = 0;
  while (auto job = s.next(0)) {
    ++sent;
    s.finish(job->id);
  }
  CHECK(sent == 10);
  CHECK(s.next_wakeup(0) == 101);
}

TEST_CASE("scheduler: pauses for the whole number and for one recipient") {
  OutboxScheduler s(roomy());
  s.enqueue(OutboxJob{1, "+1"}, 0);
  s.enqueue(OutboxJob{2, "+2"}, 0);
  s.pause_all(1000);
  CHECK_FALSE(s.next(999));
  s.pause_recipient("+1", 3000);
  auto job = s.next(1000);
  REQUIRE(job);
  CHECK(job->id == 2);
  s.finish(2);
  CHECK_FALSE(s.next(2999));
  CHECK(s.next_wakeup(2999) == 3000);
  CHECK(s.next(3000)->id == 1);
}

TEST_CASE("scheduler: rows become due at their time, known rows are not added twice") {
  OutboxScheduler s(roomy());
  s.enqueue(OutboxJob{1, "+1"}, 500);
  s.enqueue(OutboxJob{1, "+1"}, 0);
  CHECK(s.queued() == 1);
  CHECK_FALSE(s.next(499));
  CHECK(s.next_wakeup(0) == 500);
  CHECK(s.next(500)->id == 1);
  CHECK(s.contains(1));
  s.finish(1);
  CHECK_FALSE(s.contains(1));
}

TEST_CASE("outbox scheduler: a cluster's share of the throughput, and lanes another relay now looks after") {
  std::int64_t now = 1'000'000;
  auto forty_lanes = [] {
    OutboxScheduler s(OutboxScheduler::Limits{80, 45, 1.0 / 6.0, 100});
    for (std::int64_t id = 1; id <= 40; ++id) s.enqueue(OutboxJob{id, "r" + std::to_string(id)}, 0);
    return s;
  };
  // A third of 80/s: a burst of 26, then one every 37.5 ms.
  auto shared = forty_lanes();
  shared.set_rate(80.0 / 3, now);
  int sent = 0;
  while (shared.next(now)) ++sent;
  CHECK(sent == 26);
  CHECK(shared.next(now + 40));
  CHECK_FALSE(shared.next(now + 40));

  // Under one a second each (--graph-rate 1 over two relays): one now,
  // then one every two seconds; never none.
  auto slow = forty_lanes();
  slow.set_rate(0.5, now);
  CHECK(slow.next(now));
  CHECK_FALSE(slow.next(now + 1000));
  CHECK(slow.next(now + 2001));

  // Lanes r30..r40 go to another relay: their rows leave, the rest stay.
  auto split = forty_lanes();
  auto left = split.let_go([](const std::string& recipient) { return std::stoi(recipient.substr(1)) < 30; });
  CHECK(left == 11);
  CHECK(split.queued() == 29);
  CHECK_FALSE(split.contains(35));
  CHECK(split.contains(29));

  // A row in flight on a lane let go finishes here.
  OutboxScheduler t(roomy());
  t.enqueue(OutboxJob{1, "ana"}, 0);
  t.enqueue(OutboxJob{2, "ana"}, 0);
  REQUIRE(t.next(now)->id == 1);
  CHECK(t.let_go([](const std::string&) { return false; }) == 1);
  CHECK(t.contains(1));
  CHECK_FALSE(t.contains(2));
  t.finish(1);
  CHECK(t.queued() == 0);
  CHECK(t.in_flight() == 0);
}
