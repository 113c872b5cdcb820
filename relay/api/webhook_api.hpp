#pragma once
// GET /webhooks/whatsapp answers Meta's subscription check; POST receives
// signed events: verified over the raw body, stored, then answered 200.
// Anything unverifiable is refused with 401 and nothing is stored.

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "relay/conversation/conversation_service.hpp"
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

 private:
  Response verify_subscription(const Request& request, const Target& target);
  boost::asio::awaitable<Response> receive(const Request& request);

  ConversationService& service_;
};

}  // namespace baton
