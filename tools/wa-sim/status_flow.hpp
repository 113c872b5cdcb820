#pragma once
// What happens to a message after the Graph API accepted it: the `sent` and
// `delivered` status webhooks a status delay apart, `read` when the user
// looks at it, or one `failed` webhook when it cannot be delivered (131047,
// 131026). Faults can reverse the order of a message's statuses or batch
// them into one POST.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tools/wa-sim/fault_plan.hpp"
#include "tools/wa-sim/message_log.hpp"
#include "tools/wa-sim/webhook_builder.hpp"
#include "tools/wa-sim/webhook_queue.hpp"

namespace baton::sim {

class StatusFlow {
 public:
  StatusFlow(boost::asio::any_io_executor executor, MessageLog& log, const WebhookBuilder& builder, WebhookQueue& queue,
             FaultPlan& faults, std::chrono::milliseconds delay, bool escape_slashes);

  // `failure_code` is 0 for a message that will reach the phone.
  void start(const std::string& wamid, std::int64_t failure_code);

  enum class ReadResult { done, already_read, unknown, failed };
  // The user saw the message: `read`, after any step not yet reported.
  ReadResult mark_read(const std::string& wamid);

  // Forgets every scheduled step.
  void reset() { ++generation_; }

 private:
  void after(std::chrono::milliseconds delay, std::function<void()> step);
  // Reports every step after the message's current state up to `target`,
  // one webhook each.
  void advance(const std::string& wamid, Delivery target);
  void emit(const SentMessage& message, const std::vector<Delivery>& statuses);

  boost::asio::any_io_executor executor_;
  MessageLog& log_;
  const WebhookBuilder& builder_;
  WebhookQueue& queue_;
  FaultPlan& faults_;
  std::chrono::milliseconds delay_;
  bool escape_slashes_;
  std::uint64_t generation_ = 0;
};

}  // namespace baton::sim
