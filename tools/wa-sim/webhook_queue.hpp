#pragma once
// Webhook delivery with Meta's habits: every webhook is retried until its
// endpoint answers exactly 200 (any other status, a failed connection or a
// timeout counts as a failure), with exponential backoff from the first
// retry delay doubling up to a minute, up to a maximum number of attempts.
// Attempts start in creation order, a few run at once, and a webhook that
// keeps failing never holds back the ones behind it. Every webhook stays in
// a delivery log for GET /sim/webhooks.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/array.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "tools/wa-sim/webhook_sender.hpp"

namespace baton::sim {

class WebhookQueue {
 public:
  struct Settings {
    std::int64_t retry_ms = 1000;
    std::uint32_t max_attempts = 50;
    std::uint32_t concurrency = 4;
  };

  WebhookQueue(boost::asio::any_io_executor executor, WebhookSender& sender, Settings settings);

  // Queues `body` (already serialised and final: these bytes are signed and
  // sent). `twice` queues an identical second delivery, as Meta sometimes
  // makes. Returns the sequence number of the first.
  std::uint64_t push(std::string kind, std::string body, bool twice = false);

  boost::json::array log_json() const;
  // Forgets every webhook; attempts in flight finish unrecorded.
  void reset();
  void stop();

  static std::int64_t retry_delay_ms(std::int64_t first_ms, std::uint32_t failed_attempts);

 private:
  struct Entry {
    std::uint64_t seq = 0;
    std::string kind;
    std::shared_ptr<const std::string> body;
    std::string signature;
    std::optional<std::uint64_t> duplicate_of;
    std::int64_t created_ms = 0;
    std::int64_t delivered_ms = 0;
    std::uint32_t attempts = 0;
    unsigned last_status = 0;
    std::string last_error;
    bool delivered = false;
    bool gave_up = false;
    bool in_flight = false;
    std::chrono::steady_clock::time_point due;
  };

  void add(Entry entry);
  void pump();
  void start(Entry& entry);
  void finish(std::uint64_t seq, const Attempt& attempt);
  void trim_log();

  boost::asio::any_io_executor executor_;
  WebhookSender& sender_;
  Settings settings_;
  boost::asio::steady_timer wake_;
  std::map<std::uint64_t, Entry> entries_;
  std::uint64_t next_seq_ = 1;
  std::uint32_t in_flight_ = 0;
  std::uint64_t generation_ = 0;
  bool stopped_ = false;
};

}  // namespace baton::sim
