#pragma once
// The work a store's thread has yet to run, taken in batches, and how its
// completions go back: to the event loop, in order, each after its
// transaction. Both stores' writers use it, and PostgreSQL's reader.

#include <boost/asio/any_io_executor.hpp>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <vector>

#include "relay/core/metrics.hpp"
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
  // queue is closed and drained.
  std::deque<Job> take(std::size_t most);
  // Runs `run` on batches of up to `most` jobs until the queue is closed
  // and drained: the body of a store's thread.
  // Each batch is gone before the next wait: its jobs' keep_alive must not
  // hold the event loop open while the queue is empty.
  template <class Run>
  void drain(std::size_t most, Run&& run) {
    for (;;) {
      auto batch = take(most);
      if (batch.empty()) return;
      run(batch);
    }
  }
  // Refuses new jobs; those queued are still taken.
  void close();
  bool closed() const;

  // Posts each job's completion, in order, with `shared` (a failed commit)
  // if set, else the job's own error. The work goes back with it: what the
  // event loop allocated for it is freed there too.
  static void complete(std::deque<Job>& batch, const std::vector<std::exception_ptr>& errors,
                       const std::exception_ptr& shared);

 private:
  boost::asio::any_io_executor completions_;
  metrics::Gauge* depth_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool closing_ = false;
};

}  // namespace baton
