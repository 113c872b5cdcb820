#pragma once
// The live stream's figures on /metrics, shared by every tab's session.

#include "relay/core/metrics.hpp"

namespace baton {

struct LiveStreamMetrics {
  metrics::Gauge& open;
  metrics::Counter& slow;
  metrics::Counter& frames;
  metrics::Counter& paused;
  metrics::Counter& rereads;
  metrics::Counter& timeouts;
};

// Registered on first use; call once at start-up so /metrics shows them at 0.
LiveStreamMetrics& live_stream_metrics();

}  // namespace baton
