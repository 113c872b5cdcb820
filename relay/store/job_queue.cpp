#include "relay/store/job_queue.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace baton {

JobQueue::JobQueue(boost::asio::any_io_executor completions, metrics::Gauge* depth)
    : completions_(std::move(completions)), depth_(depth), state_(std::make_shared<State>()) {}

void JobQueue::push(Store::Work work, Store::Done done) {
  bool mark = false;
  {
    std::lock_guard lock(state_->mutex);
    if (!state_->closing) {
      auto& queue = state_->queue;
      queue.push_back(Job{std::move(work), std::move(done),
                          boost::asio::prefer(completions_, boost::asio::execution::outstanding_work.tracked)});
      if (depth_) depth_->set(static_cast<std::int64_t>(queue.size()));
      ++state_->pushed;
      mark = !state_->mark_pending;
      state_->mark_pending = true;
      if (queue.size() >= state_->most || queue.size() >= state_->enough) state_->wake.notify_one();
    } else {
      boost::asio::post(completions_, [done = std::move(done)] { done(std::make_exception_ptr(StoreClosed())); });
      return;
    }
  }
  // Runs once the loop has run what was ready before it: every request read
  // in this round has queued its job by then.
  if (mark) {
    boost::asio::post(completions_, [state = state_] {
      std::lock_guard lock(state->mutex);
      state->mark_pending = false;
      state->round_over = true;
      state->wake.notify_one();
    });
  }
}

std::deque<JobQueue::Job> JobQueue::take(std::size_t most, CommitLinger* linger) {
  std::deque<Job> batch;
  auto& s = *state_;
  std::unique_lock lock(s.mutex);
  s.most = most;
  // The loop's mark, a full batch or close says when to start. A job queued
  // from another thread waits for the loop too, as its completion would.
  s.wake.wait(lock, [&] { return s.closing || (!s.queue.empty() && (s.round_over || s.queue.size() >= most)); });
  if (linger) wait_for_more(lock, *linger, most);
  while (!s.queue.empty() && batch.size() < most) {
    batch.push_back(std::move(s.queue.front()));
    s.queue.pop_front();
  }
  // Jobs left behind a full batch go next without waiting: their round may
  // be over, and its mark spent on this batch.
  s.round_over = !s.queue.empty();
  if (depth_) depth_->set(static_cast<std::int64_t>(s.queue.size()));
  return batch;
}

void JobQueue::wait_for_more(std::unique_lock<std::mutex>& lock, CommitLinger& linger, std::size_t most) {
  auto& s = *state_;
  auto now = CommitLinger::Clock::now();
  linger.observe(s.pushed, now);
  if (s.closing || s.queue.empty() || !linger.wants_more(s.queue.size())) return;
  linger.waited();
  const auto& settings = linger.settings();
  s.enough = std::min(settings.enough, most);
  auto deadline = now + settings.longest;
  // Woken by a full batch or close; otherwise the writes that came in each
  // quiet span are looked at, without a wake-up per write.
  for (;;) {
    auto seen = s.pushed;
    s.wake.wait_until(lock, std::min(deadline, CommitLinger::Clock::now() + settings.quiet),
                      [&] { return s.closing || s.queue.size() >= s.enough; });
    if (s.closing || s.queue.size() >= s.enough || s.pushed == seen) break;
    if (CommitLinger::Clock::now() >= deadline) break;
  }
  s.enough = SIZE_MAX;
}

void JobQueue::close() {
  std::lock_guard lock(state_->mutex);
  state_->closing = true;
  state_->wake.notify_all();
}

bool JobQueue::closed() const {
  std::lock_guard lock(state_->mutex);
  return state_->closing;
}

namespace {

// A batch's completions, run in commit order by one handler on the event
// loop: one post per commit instead of one per job (each post allocates,
// takes the loop's lock and copies an executor on both threads). The jobs,
// and what their work holds, are freed on the loop with the handler.
struct Completions {
  std::deque<JobQueue::Job> jobs;
  std::vector<std::exception_ptr> errors;
  std::size_t next = 0;

  void operator()() {
    while (next < jobs.size()) {
      auto i = next++;
      try {
        jobs[i].done(errors[i]);
      } catch (...) {
        // The exception leaves the loop as any handler's would; the jobs
        // after this one still get their completions, in a handler of
        // their own.
        if (next < jobs.size()) {
          auto executor = jobs[next].keep_alive;
          boost::asio::post(executor, std::move(*this));
        }
        throw;
      }
    }
  }
};

}  // namespace

void JobQueue::complete(std::deque<Job>& batch, const std::vector<std::exception_ptr>& errors,
                        const std::exception_ptr& shared) {
  if (batch.empty()) return;
  Completions completions{std::move(batch), {}};
  batch.clear();
  completions.errors.resize(completions.jobs.size());
  for (std::size_t i = 0; i < completions.errors.size(); ++i) {
    completions.errors[i] = shared ? shared : (i < errors.size() ? errors[i] : nullptr);
  }
  auto executor = completions.jobs.front().keep_alive;
  boost::asio::post(executor, std::move(completions));
}

}  // namespace baton
