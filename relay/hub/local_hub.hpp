#pragma once
// The in-process hub. Used only from the event loop's thread.

#include <unordered_map>
#include <vector>

#include "relay/core/metrics.hpp"
#include "relay/hub/hub.hpp"

namespace baton {

// Frames handed to subscribers, on /metrics (and the console's figures).
metrics::Counter& hub_deliveries();

class LocalHub final : public Hub {
 public:
  void subscribe(const std::string& session_id, const std::shared_ptr<Subscriber>& subscriber) override;
  void unsubscribe(const std::string& session_id, const Subscriber* subscriber) override;
  void publish(const std::string& session_id, const SharedFrame& frame) override;
  void publish_to_all(const SharedFrame& frame) override;
  std::size_t subscribers(std::string_view session_id) const override;
  // Every subscriber's resync().
  void resync_all();

 private:
  std::unordered_map<std::string, std::vector<std::weak_ptr<Subscriber>>> sessions_;
};

}  // namespace baton
