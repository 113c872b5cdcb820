#include "relay/ws/live_stream_metrics.hpp"

namespace baton {

LiveStreamMetrics& live_stream_metrics() {
  static LiveStreamMetrics m{
      metrics::registry().gauge("baton_ws_connections", "Open live-stream connections"),
      metrics::registry().counter("baton_ws_slow_disconnects_total", "Tabs disconnected for falling too far behind"),
      metrics::registry().counter("baton_ws_frames_sent_total", "Frames written to tabs"),
      metrics::registry().counter("baton_ws_read_pauses_total",
                                  "Times a tab's frames went unread while its queue was full"),
      metrics::registry().counter("baton_ws_rereads_total",
                                  "Times a tab re-read its chat's log for frames that did not come (cluster)"),
      metrics::registry().counter("baton_ws_timeouts_total",
                                  "Tabs closed after a whole idle timeout with nothing heard"),
  };
  return m;
}

}  // namespace baton
