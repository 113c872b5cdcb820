#include "relay/store/job_queue.hpp"

#include <boost/asio/post.hpp>

namespace baton {

JobQueue::JobQueue(boost::asio::any_io_executor completions, metrics::Gauge* depth)
    : completions_(std::move(completions)), depth_(depth) {}

void JobQueue::push(Store::Work work, Store::Done done) {
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      queue_.push_back(Job{std::move(work), std::move(done),
                           boost::asio::prefer(completions_, boost::asio::execution::outstanding_work.tracked)});
      if (depth_) depth_->set(static_cast<std::int64_t>(queue_.size()));
      wake_.notify_one();
      return;
    }
  }
  boost::asio::post(completions_, [done = std::move(done)] { done(std::make_exception_ptr(StoreClosed())); });
}

std::deque<JobQueue::Job> JobQueue::take(std::size_t most) {
  std::deque<Job> batch;
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
  while (!queue_.empty() && batch.size() < most) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  if (depth_) depth_->set(static_cast<std::int64_t>(queue_.size()));
  return batch;
}

void JobQueue::close() {
  std::lock_guard lock(mutex_);
  closing_ = true;
  wake_.notify_all();
}

bool JobQueue::closed() const {
  std::lock_guard lock(mutex_);
  return closing_;
}

void JobQueue::complete(std::deque<Job>& batch, const std::vector<std::exception_ptr>& errors,
                        const std::exception_ptr& shared) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto error = shared ? shared : (i < errors.size() ? errors[i] : nullptr);
    boost::asio::post(batch[i].keep_alive,
                      [done = std::move(batch[i].done), work = std::move(batch[i].work), error] { done(error); });
  }
}

}  // namespace baton
