// Under heavy load a store's writer waits a little for more writes before it
// commits (relay/store/commit_linger.hpp); under light load it never does.

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <atomic>
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
    push_one(queue);
    loop.poll();  // the loop's round is over
    CHECK(queue.take(512, &linger).size() == 1);
    CHECK(waits.value() == 0);
  }

  SUBCASE("heavy load, nobody writing: the wait ends after a quiet span") {
    CommitLinger linger({.from_rate = 0, .longest = 10s, .enough = 32, .quiet = 20ms, .window = 0ms}, &waits);
    linger.observe(0, CommitLinger::Clock::now());
    for (int i = 0; i < 3; ++i) push_one(queue);
    loop.poll();
    CHECK(queue.take(512, &linger).size() == 3);  // not ten seconds later: the test would time out
    CHECK(waits.value() == 1);
  }

  SUBCASE("heavy load: writes that come during the wait join the batch, until there are enough") {
    CommitLinger linger({.from_rate = 0, .longest = 10s, .enough = 20, .quiet = 2s, .window = 0ms}, &waits);
    linger.observe(0, CommitLinger::Clock::now());
    push_one(queue);
    loop.poll();
    std::atomic<bool> stop = false;
    std::thread writer([&] {
      for (int i = 0; i < 40 && !stop; ++i) {
        push_one(queue);
        std::this_thread::sleep_for(1ms);
      }
    });
    auto batch = queue.take(512, &linger);
    stop = true;
    writer.join();
    // The first and the nineteen that came while it waited; one more may
    // slip in before the writer has the lock again.
    CHECK(batch.size() >= 20);
    CHECK(batch.size() < 40);
    CHECK(waits.value() == 1);
  }

  SUBCASE("closing ends a wait") {
    CommitLinger linger({.from_rate = 0, .longest = 10s, .enough = 32, .quiet = 10s, .window = 0ms}, &waits);
    linger.observe(0, CommitLinger::Clock::now());
    push_one(queue);
    loop.poll();
    std::thread closer([&] {
      std::this_thread::sleep_for(20ms);
      queue.close();
    });
    CHECK(queue.take(512, &linger).size() == 1);  // what was queued still goes
    closer.join();
    CHECK(queue.take(512, &linger).empty());
  }
}
