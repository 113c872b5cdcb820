// Under heavy load a store's writer waits a little for more writes before it
// commits (relay/store/commit_linger.hpp); under light load it never does.

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "relay/core/metrics.hpp"
#include "relay/store/commit_linger.hpp"
#include "relay/store/job_queue.hpp"

namespace {

using namespace std::chrono_literals;
using baton::CommitLinger;
using baton::JobQueue;

const auto start = CommitLinger::Clock::time_point{} + 1h;

void push_one(JobQueue& queue) {
  queue.push([](baton::StoreTx&) {}, [](std::exception_ptr) {});
}

// Queues `jobs` and lets the loop finish its round, as the event loop does.
void queue_round(JobQueue& queue, boost::asio::io_context& loop, int jobs) {
  for (int i = 0; i < jobs; ++i) push_one(queue);
  loop.poll();
}

// A linger that always wants more (it needs no rate), with its wait's bounds.
CommitLinger always_waiting(std::size_t enough, std::chrono::milliseconds quiet, baton::metrics::Counter& waits) {
  CommitLinger linger({.from_rate = 0, .longest = 10s, .enough = enough, .quiet = quiet, .window = 0ms}, &waits);
  linger.observe(0, CommitLinger::Clock::now());
  return linger;
}

}  // namespace

TEST_CASE("commit linger: the rate is measured over whole windows and falls in a quiet spell") {
  CommitLinger linger;  // from 6,000 writes a second, windows of 100 ms
  linger.observe(0, start);
  CHECK(linger.rate() == 0);
  CHECK_FALSE(linger.wants_more(1));

  // A burst shorter than a window is not a rate yet.
  linger.observe(500, start + 10ms);
  CHECK(linger.rate() == 0);

  linger.observe(700, start + 100ms);
  CHECK(linger.rate() == doctest::Approx(7000));
  CHECK(linger.wants_more(1));
  CHECK(linger.wants_more(31));
  CHECK_FALSE(linger.wants_more(32));  // enough for one commit

  // Half the last window, half what came before.
  linger.observe(1200, start + 200ms);
  CHECK(linger.rate() == doctest::Approx(6000));
  CHECK(linger.wants_more(1));

  // The writer slept a second: one slow window brings the rate under the mark at once.
  linger.observe(1300, start + 1200ms);
  CHECK(linger.rate() == doctest::Approx(3050));
  CHECK_FALSE(linger.wants_more(1));
}

TEST_CASE("commit linger: a steady 4,000 writes a second never waits") {
  CommitLinger linger;
  for (int tick = 0; tick <= 100; ++tick) {
    linger.observe(static_cast<std::uint64_t>(tick) * 40, start + tick * 10ms);
    CHECK_FALSE(linger.wants_more(1));
  }
  CHECK(linger.rate() == doctest::Approx(4000));
}

TEST_CASE("job queue: a batch waits for more writes only while the linger wants them") {
  boost::asio::io_context loop;
  baton::metrics::Counter waits;
  JobQueue queue(loop.get_executor());

  SUBCASE("light load: the batch is taken at once") {
    CommitLinger linger({}, &waits);
    queue_round(queue, loop, 1);
    CHECK(queue.take(512, &linger).size() == 1);
    CHECK(waits.value() == 0);
  }

  SUBCASE("heavy load, nobody writing: the wait ends after a quiet span") {
    auto linger = always_waiting(32, 20ms, waits);
    queue_round(queue, loop, 3);
    CHECK(queue.take(512, &linger).size() == 3);  // not ten seconds later: the test would time out
    CHECK(waits.value() == 1);
  }

  SUBCASE("heavy load: writes that come during the wait join the batch, until there are enough") {
    auto linger = always_waiting(20, 2000ms, waits);
    queue_round(queue, loop, 1);
    std::thread writer([&] {
      for (int i = 0; i < 30; ++i) {
        push_one(queue);
        std::this_thread::sleep_for(1ms);
      }
    });
    auto batch = queue.take(512, &linger);
    writer.join();
    // The first and at least the nineteen that came while it waited (more
    // may slip in before the writer has the lock again).
    CHECK(batch.size() >= 20);
    CHECK(waits.value() == 1);
  }

  SUBCASE("closing ends a wait") {
    auto linger = always_waiting(32, 10000ms, waits);
    queue_round(queue, loop, 1);
    std::thread closer([&] {
      std::this_thread::sleep_for(20ms);
      queue.close();
    });
    CHECK(queue.take(512, &linger).size() == 1);  // what was queued still goes
    closer.join();
    CHECK(queue.take(512, &linger).empty());
  }
}
