#pragma once
// What a store's writer reports on /metrics, whichever database it writes
// to (docs/metrics.md).

#include <chrono>
#include <cstddef>

#include "relay/core/metrics.hpp"

namespace baton {

struct CommitMetrics {
  metrics::Histogram& batch_size = metrics::registry().histogram("baton_store_commit_batch_size",
                                                                 "Writes committed together in one transaction",
                                                                 {1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
  metrics::Histogram& commit_seconds = metrics::registry().histogram(
      "baton_store_commit_seconds", "Time to run and commit one group of writes", metrics::latency_buckets());
  metrics::Gauge& queued = metrics::registry().gauge("baton_store_queued_writes", "Writes waiting for the writer");
  metrics::Counter& failed = metrics::registry().counter("baton_store_failed_writes_total",
                                                         "Writes whose work threw and was rolled back");
  metrics::Counter& lingered = metrics::registry().counter(
      "baton_store_commit_waits_total", "Commits that waited up to a millisecond for more writes, under heavy load");
  metrics::Counter& conflicts = metrics::registry().counter(
      "baton_store_conflict_retries_total",
      "Writes run again after another relay's transaction held what they needed (PostgreSQL)");

  // One group of `writes`, begun at `started`, is committed (or failed).
  void committed(std::size_t writes, std::chrono::steady_clock::time_point started) {
    commit_seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    batch_size.observe(static_cast<double>(writes));
  }
};

inline CommitMetrics& commit_metrics() {
  static CommitMetrics m;
  return m;
}

}  // namespace baton
