#include "relay/ws/live_stream_upgrades.hpp"

#include <algorithm>

#include "relay/http/await_callback.hpp"
#include "relay/http/client_address.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/http/target.hpp"
#include "relay/ws/live_stream_metrics.hpp"
#include "relay/ws/websocket_plan.hpp"

namespace baton {

LiveStreamUpgrades::LiveStreamUpgrades(ConversationService& service, const Cors& cors)
    : service_(service), cors_(cors) {
  live_stream_metrics();  // on /metrics before the first tab connects
}

bool LiveStreamUpgrades::wants(const Request& request) const {
  auto target = Target::parse(request.target());
  return target && target->is({"v1", "ws"});
}

boost::asio::awaitable<std::optional<Response>> LiveStreamUpgrades::take(const Request& request,
                                                                         boost::beast::tcp_stream& stream,
                                                                         const Peer& peer) {
  auto checked = plan_websocket(request, cors_);
  if (auto* error = std::get_if<ApiError>(&checked)) co_return error_response(request, *error);
  auto client = client_key(peer, request, service_.config().trusted_proxies);
  if (auto limited = service_.limits().connect(client, service_.clock().now_ms())) {
    co_return refusal_response(request, *limited);
  }
  std::get<WebsocketPlan>(checked).client = client;
  std::get<WebsocketPlan>(checked).hold = peer.hold;
  auto plan = co_await await_callback<std::variant<WebsocketPlan, ApiError>>(
      [&](auto done) { authenticate_plan(std::get<WebsocketPlan>(std::move(checked)), service_, std::move(done)); });
  if (auto* error = std::get_if<ApiError>(&plan)) co_return error_response(request, *error);
  // stop() may have closed the streams while the token was looked up: one
  // opened now would hold the shutdown up until its deadline.
  if (stopped_) co_return error_response(request, shutting_down_error());
  auto socket = live_socket(stream.release_socket());
  if (!socket) co_return std::nullopt;  // the tab left while its token was looked up
  auto session = std::make_shared<WebsocketSession>(std::move(*socket), service_,
                                                    std::get<WebsocketPlan>(std::move(plan)));
  if (live_streams_.size() >= 2 * swept_size_) forget_ended_streams();
  live_streams_.push_back(session);
  session->start(request);
  if (!keep_alive_ && !stopped_) {
    keep_alive_.emplace(stream.get_executor());
    keep_alive_later();
  }
  co_return std::nullopt;
}

void LiveStreamUpgrades::keep_alive_later() {
  // Every half idle timeout: a tab quiet for one is pinged, and one that
  // stays quiet through the next is closed, after one to one and a half
  // idle timeouts of silence.
  keep_alive_->expires_after(std::chrono::milliseconds(service_.config().ws_idle_timeout_s * 500));
  keep_alive_->async_wait([this](boost::system::error_code ec) {
    if (ec) return;  // stopped: `this` may be gone
    forget_ended_streams();
    // A stream closed by keep_alive() stays listed until the next round.
    for (auto& weak : live_streams_) {
      if (auto stream = weak.lock()) stream->keep_alive();
    }
    keep_alive_later();
  });
}

void LiveStreamUpgrades::forget_ended_streams() {
  // A session made with make_shared keeps its memory while any weak_ptr
  // does: an ended one holds the session object's few hundred bytes until
  // the list is cleared.
  std::erase_if(live_streams_, [](const auto& weak) { return weak.expired(); });
  swept_size_ = std::max<std::size_t>(live_streams_.size(), 64);
}

void LiveStreamUpgrades::stop() {
  stopped_ = true;
  if (keep_alive_) keep_alive_->cancel();
  for (auto& weak : live_streams_) {
    if (auto stream = weak.lock()) stream->close_going_away();
  }
}

}  // namespace baton
