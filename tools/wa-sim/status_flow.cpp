#include "tools/wa-sim/status_flow.hpp"

#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "relay/core/clock.hpp"
#include "relay/core/net.hpp"
#include "tools/wa-sim/meta_json.hpp"

namespace baton::sim {

StatusFlow::StatusFlow(net::any_io_executor executor, MessageLog& log, const WebhookBuilder& builder,
                       WebhookQueue& queue, FaultPlan& faults, std::chrono::milliseconds delay, bool escape_slashes)
    : executor_(std::move(executor)),
      log_(log),
      builder_(builder),
      queue_(queue),
      faults_(faults),
      delay_(delay),
      escape_slashes_(escape_slashes) {}

void StatusFlow::after(std::chrono::milliseconds delay, std::function<void()> step) {
  auto timer = std::make_shared<net::steady_timer>(executor_, delay);
  timer->async_wait(
      [this, timer, generation = generation_, step = std::move(step)](const boost::system::error_code& ec) {
        if (!ec && generation == generation_) step();
      });
}

void StatusFlow::emit(const SentMessage& message, const std::vector<Delivery>& statuses) {
  auto seconds = SystemClock().now_ms() / 1000;
  boost::json::array items;
  for (auto status : statuses) items.push_back(WebhookBuilder::status(message, status, seconds));
  auto body = serialize_meta(builder_.statuses(std::move(items)), escape_slashes_);
  queue_.push("status", std::move(body), faults_.take(FaultKind::duplicate_webhooks));
}

void StatusFlow::advance(const std::string& wamid, Delivery target) {
  auto* message = log_.find_sent(wamid);
  if (!message || message->error_code != 0) return;
  while (message->status < target) {
    message->status = static_cast<Delivery>(static_cast<int>(message->status) + 1);
    emit(*message, {message->status});
  }
}

void StatusFlow::start(const std::string& wamid, std::int64_t failure_code) {
  auto* message = log_.find_sent(wamid);
  if (!message) return;
  if (failure_code != 0) {
    // Known now, so that a read cannot overtake the failure.
    message->error_code = failure_code;
    after(delay_, [this, wamid] {
      auto* failed = log_.find_sent(wamid);
      if (!failed) return;
      failed->status = Delivery::failed;
      emit(*failed, {Delivery::failed});
    });
    return;
  }
  if (auto late = faults_.take_late_failure()) {
    // Reached WhatsApp, then failed on the way to the phone: Meta reports
    // passing trouble (131000, 131016) this way too, not only final refusals.
    int steps = late->after_delivered ? 2 : 1;
    after(delay_, [this, wamid] { advance(wamid, Delivery::sent); });
    if (late->after_delivered) after(delay_ * 2, [this, wamid] { advance(wamid, Delivery::delivered); });
    after(delay_ * (steps + 1), [this, wamid, code = late->code] {
      auto* failed = log_.find_sent(wamid);
      if (!failed || failed->status == Delivery::read) return;
      failed->error_code = code;
      failed->status = Delivery::failed;
      emit(*failed, {Delivery::failed});
    });
    return;
  }
  if (faults_.take(FaultKind::reorder_statuses)) {
    // The user reads it at once; the webhooks come newest first.
    after(delay_, [this, wamid] {
      auto* reordered = log_.find_sent(wamid);
      if (!reordered || reordered->status != Delivery::accepted) return;
      reordered->status = Delivery::read;
      emit(*reordered, {Delivery::read});
      after(delay_, [this, wamid] {
        if (auto* m = log_.find_sent(wamid)) emit(*m, {Delivery::delivered});
      });
      after(delay_ * 2, [this, wamid] {
        if (auto* m = log_.find_sent(wamid)) emit(*m, {Delivery::sent});
      });
    });
    return;
  }
  if (faults_.take(FaultKind::batch_statuses)) {
    after(delay_ * 2, [this, wamid] {
      auto* batched = log_.find_sent(wamid);
      if (!batched || batched->status != Delivery::accepted) return;
      batched->status = Delivery::delivered;
      emit(*batched, {Delivery::sent, Delivery::delivered});
    });
    return;
  }
  after(delay_, [this, wamid] { advance(wamid, Delivery::sent); });
  after(delay_ * 2, [this, wamid] { advance(wamid, Delivery::delivered); });
}

StatusFlow::ReadResult StatusFlow::mark_read(const std::string& wamid) {
  auto* message = log_.find_sent(wamid);
  if (!message) return ReadResult::unknown;
  // A failure still on its way counts: the message never reaches the phone.
  if (message->error_code != 0) return ReadResult::failed;
  if (message->status == Delivery::read) return ReadResult::already_read;
  advance(wamid, Delivery::read);
  return ReadResult::done;
}

}  // namespace baton::sim
