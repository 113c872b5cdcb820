#pragma once
// The work a store's thread has yet to run, taken in batches, and how its
// completions go back: to the event loop, in order, each after its
// transaction. Both stores' writers use it, and PostgreSQL's reader.

#include <boost/asio/any_io_executor.hpp>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include "relay/core/metrics.hpp"
#include "relay/store/commit_linger.hpp"
#include "relay/store/store.hpp"

namespace baton {

class JobQueue {
 public:
  struct Job {
    Store::Work work;
    Store::Done done;
    // Keeps the event loop running until the completion is delivered, so a
    // shutdown never returns with acknowledgements still on the store's thread.
    boost::asio::any_io_executor keep_alive;
  };

  // `depth`, if given, follows how many jobs wait.
  explicit JobQueue(boost::asio::any_io_executor completions, metrics::Gauge* depth = nullptr);

  // Queues a job; once the queue is closed, posts StoreClosed to `done` instead.
  void push(Store::Work work, Store::Done done);
  // Waits for jobs and takes up to `most`, oldest first; empty once the
  // queue is closed and drained. A batch starts once the loop has run what
  // was ready when its first job came (a mark posted behind it says so), so
  // the requests of one round commit together: each commit's sync costs
  // the relay's CPU too (docs/benchmarks.md), and a thread that woke at
  // the first job committed a round in several small groups. With a
  // `linger`, a batch under heavy load also waits for more (commit_linger.hpp).
  std::deque<Job> take(std::size_t most, CommitLinger* linger = nullptr);
  // Runs `run` on batches of up to `most` jobs until the queue is closed
  // and drained: the body of a store's thread.
  // Each batch is gone before the next wait: its jobs' keep_alive must not
  // hold the event loop open while the queue is empty.
  template <class Run>
  void drain(std::size_t most, Run&& run, CommitLinger* linger = nullptr) {
    for (;;) {
      auto batch = take(most, linger);
      if (batch.empty()) return;
      run(batch);
    }
  }
  // Refuses new jobs; those queued are still taken.
  void close();
  bool closed() const;

  // Posts the jobs' completions, in order, in one handler: each gets
  // `shared` (a failed commit) if set, else its own error. The jobs go back
  // with it (`batch` is left empty): what the event loop allocated for
  // their work is freed there too.
  static void complete(std::deque<Job>& batch, const std::vector<std::exception_ptr>& errors,
                       const std::exception_ptr& shared);

 private:
  // Shared with the marks posted to the loop, which may run after the queue is gone.
  struct State {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Job> queue;
    bool closing = false;
    // A mark is posted to the loop and has not run yet.
    bool mark_pending = false;
    // A mark has run since the last batch was taken.
    bool round_over = false;
    // The batch limit of the thread that takes: a queue this long need not wait.
    std::size_t most = SIZE_MAX;
    // A queue this long ends a linger's wait.
    std::size_t enough = SIZE_MAX;
    // Jobs pushed since the start, for the linger's rate.
    std::uint64_t pushed = 0;
  };
  // Under heavy load, waits (letting go of `lock` meanwhile) until enough
  // jobs are queued, none came for a while, or the longest wait is over.
  void wait_for_more(std::unique_lock<std::mutex>& lock, CommitLinger& linger, std::size_t most);

  boost::asio::any_io_executor completions_;
  metrics::Gauge* depth_;
  std::shared_ptr<State> state_;
};

}  // namespace baton
