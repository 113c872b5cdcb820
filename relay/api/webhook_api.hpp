#pragma once
// GET /webhooks/whatsapp answers Meta's subscription check; POST receives
// signed events: verified over the raw body, stored, then answered 200.
// Anything unverifiable is refused with 401 and nothing is stored.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <variant>

#include "relay/http/api_error.hpp"

#include "relay/conversation/conversation_service.hpp"
#include "relay/core/json_writer.hpp"
#include "relay/core/kept_bodies.hpp"
#include "relay/core/metrics.hpp"
#include "relay/http/http_types.hpp"
#include "relay/http/target.hpp"

namespace baton {

// Webhook POSTs stored, and how long from reading one to its messages being
// queued on every tab: on /metrics (and the console's figures).
metrics::Counter& webhooks_stored();
metrics::Histogram& webhook_to_tab();

class WebhookApi {
 public:
  explicit WebhookApi(ConversationService& service);

  boost::asio::awaitable<std::optional<Response>> handle(const Request& request, const Target& target);

  // Meta sends up to 3 MB per POST.
  static constexpr std::size_t max_body_bytes = 3 * 1024 * 1024;

  // The newest 64 verified bodies (at most 8 MiB), in memory.
  static constexpr std::size_t kept_bodies = 64;
  static constexpr std::size_t kept_bytes = 8 * 1024 * 1024;

  // Delivers a kept body (relay/core/kept_bodies.hpp) through the pipeline again, as
  // if Meta had retried it: what it carried is already stored, so nothing
  // new is. Answers what the admin feed says of it; 404 for an id no longer kept.
  boost::asio::awaitable<std::variant<boost::json::object, ApiError>> redeliver(std::uint64_t id);
  const KeptBodies& kept() const { return kept_; }

 private:
  Response verify_subscription(const Request& request, const Target& target);
  boost::asio::awaitable<Response> receive(const Request& request);
  // Parses and applies a verified body; reports it on the admin feed
  // (with `origin`, which says where it came from) and counts it.
  // `received` is when the POST was read; none for a redelivery, which
  // stays out of the metrics.
  using Clock = std::chrono::steady_clock;
  boost::asio::awaitable<std::variant<boost::json::object, ApiError>> ingest(std::string_view body, JsonWriter origin,
                                                                             std::optional<Clock::time_point> received);

  ConversationService& service_;
  KeptBodies kept_{kept_bodies, kept_bytes};
};

}  // namespace baton
