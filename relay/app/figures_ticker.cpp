#include "relay/app/figures_ticker.hpp"

#include <fstream>
#include <unistd.h>

#include "relay/api/webhook_api.hpp"
#include "relay/conversation/feed_reports.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/hub/local_hub.hpp"
#include "relay/workers/outbox_worker.hpp"
#include "relay/ws/live_stream_metrics.hpp"

namespace baton {
namespace {

// Each figure's metric, from the one place that defines it.
struct Sources {
  metrics::Counter& messages = messages_published();
  metrics::Counter& webhooks = webhooks_stored();
  metrics::Counter& deliveries = hub_deliveries();
  metrics::Histogram& to_tab = webhook_to_tab();
  metrics::Gauge& sockets = live_stream_metrics().open;
  metrics::Gauge& outbox = outbox_queued_gauge();
};

Sources& sources() {
  static Sources s;
  return s;
}

std::int64_t resident_kib() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * sysconf(_SC_PAGESIZE) / 1024;
}

boost::json::value optional_ms(std::optional<double> ms) {
  if (!ms) return nullptr;
  return *ms;
}

}  // namespace

std::optional<double> quantile_between(const metrics::Histogram::Snapshot& before,
                                       const metrics::Histogram::Snapshot& after, double q) {
  auto base = [&](std::size_t i) { return i < before.cumulative.size() ? before.cumulative[i] : 0; };
  std::uint64_t total = after.count - before.count;
  if (total == 0) return std::nullopt;
  auto wanted = static_cast<std::uint64_t>(q * static_cast<double>(total) + 0.999999);
  for (std::size_t i = 0; i < after.cumulative.size(); ++i) {
    if (after.cumulative[i] - base(i) >= wanted) {
      // The +Inf bucket has no bound: say the largest finite one.
      double bound = i < after.bounds.size() ? after.bounds[i] : after.bounds.back();
      return bound * 1000.0;
    }
  }
  return after.bounds.back() * 1000.0;
}

FiguresTicker::FiguresTicker(boost::asio::any_io_executor executor, const Clock& clock)
    : timer_(executor), clock_(clock) {}

void FiguresTicker::start() {
  auto& s = sources();
  messages_ = s.messages.value();
  webhooks_ = s.webhooks.value();
  deliveries_ = s.deliveries.value();
  latency_ = s.to_tab.snapshot();
  wait();
}

void FiguresTicker::stop() {
  stopped_ = true;
  timer_.cancel();
}

void FiguresTicker::wait() {
  timer_.expires_after(interval);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    tick();
    wait();
  });
}

void FiguresTicker::tick() {
  auto& s = sources();
  auto messages = s.messages.value();
  auto webhooks = s.webhooks.value();
  auto deliveries = s.deliveries.value();
  auto latency = s.to_tab.snapshot();
  auto& feed = admin_feed();
  if (feed.watched()) {
    feed.emit("figures", "",
              boost::json::object{{"messages", messages - messages_},
                                  {"webhooks", webhooks - webhooks_},
                                  {"deliveries", deliveries - deliveries_},
                                  {"to_tab_p50_ms", optional_ms(quantile_between(latency_, latency, 0.5))},
                                  {"to_tab_p99_ms", optional_ms(quantile_between(latency_, latency, 0.99))},
                                  {"sockets", s.sockets.value()},
                                  {"outbox", s.outbox.value()},
                                  {"rss_kib", resident_kib()}},
              clock_.now_ms());
  }
  messages_ = messages;
  webhooks_ = webhooks;
  deliveries_ = deliveries;
  latency_ = std::move(latency);
}

}  // namespace baton
