#pragma once
// The console's live plots: once a second, while a console is connected,
// one "figures" event on the admin feed with what the relay's own metrics
// (relay/core/metrics.hpp) moved by in that second. Nothing is counted here:
// each figure is the difference of a counter or histogram the relay keeps
// for /metrics anyway, so the plots and /metrics always agree.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <optional>

#include "relay/core/clock.hpp"
#include "relay/core/metrics.hpp"

namespace baton {

class FiguresTicker {
 public:
  static constexpr auto interval = std::chrono::seconds(1);

  FiguresTicker(boost::asio::any_io_executor executor, const Clock& clock);
  void start();
  void stop();

 private:
  void wait();
  void tick();

  boost::asio::steady_timer timer_;
  const Clock& clock_;
  bool stopped_ = false;
  std::uint64_t messages_ = 0;
  std::uint64_t webhooks_ = 0;
  std::uint64_t deliveries_ = 0;
  metrics::Histogram::Snapshot latency_;
};

// The upper bound (ms) of the bucket holding quantile `q` of what was
// observed between `before` and `after`; nullopt when nothing was.
std::optional<double> quantile_between(const metrics::Histogram::Snapshot& before,
                                       const metrics::Histogram::Snapshot& after, double q);

}  // namespace baton
