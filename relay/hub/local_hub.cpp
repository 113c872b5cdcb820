#include "relay/hub/local_hub.hpp"

#include <algorithm>

#include "relay/core/metrics.hpp"

namespace baton {

namespace {

// The subscribers of `list` still alive, added to `out`: a snapshot, since
// delivering may drop a slow subscriber, which unsubscribes.
void add_alive(const std::vector<std::weak_ptr<Subscriber>>& list, std::vector<std::shared_ptr<Subscriber>>& out) {
  for (const auto& weak : list) {
    if (auto strong = weak.lock()) out.push_back(std::move(strong));
  }
}

}  // namespace

metrics::Counter& hub_deliveries() {
  static auto& c = metrics::registry().counter("baton_hub_deliveries_total", "Frames handed to subscribers");
  return c;
}

void LocalHub::subscribe(const std::string& session_id, const std::shared_ptr<Subscriber>& subscriber) {
  sessions_[session_id].push_back(subscriber);
}

void LocalHub::unsubscribe(const std::string& session_id, const Subscriber* subscriber) {
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return;
  auto& list = it->second;
  std::erase_if(list, [subscriber](const std::weak_ptr<Subscriber>& weak) {
    auto strong = weak.lock();
    return !strong || strong.get() == subscriber;
  });
  if (list.empty()) sessions_.erase(it);
}

void LocalHub::publish(const std::string& session_id, const SharedFrame& frame) {
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return;
  std::vector<std::shared_ptr<Subscriber>> targets;
  targets.reserve(it->second.size());
  add_alive(it->second, targets);
  // Tabs that closed without unsubscribing are forgotten here.
  if (targets.size() != it->second.size()) {
    std::erase_if(it->second, [](const std::weak_ptr<Subscriber>& weak) { return weak.expired(); });
  }
  for (const auto& target : targets) target->deliver(frame);
  hub_deliveries().inc(targets.size());
}

void LocalHub::publish_to_all(const SharedFrame& frame) {
  // Delivering may unsubscribe a slow tab and so change the map: ids first.
  std::vector<std::string> ids;
  ids.reserve(sessions_.size());
  for (const auto& [id, list] : sessions_) ids.push_back(id);
  for (const auto& id : ids) publish(id, frame);
}

void LocalHub::resync_all() {
  std::vector<std::shared_ptr<Subscriber>> targets;
  for (const auto& [id, list] : sessions_) add_alive(list, targets);
  for (const auto& target : targets) target->resync();
}

std::size_t LocalHub::subscribers(std::string_view session_id) const {
  auto it = sessions_.find(std::string(session_id));
  if (it == sessions_.end()) return 0;
  return static_cast<std::size_t>(std::count_if(it->second.begin(), it->second.end(),
                                                [](const std::weak_ptr<Subscriber>& weak) { return !weak.expired(); }));
}

}  // namespace baton
