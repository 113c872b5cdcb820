#pragma once
// Takes over the connections that upgrade to the live stream (GET /v1/ws):
// checks them (websocket_plan.hpp), starts a WebsocketSession on each,
// keeps them alive with one timer for all of them (every half idle timeout,
// WebsocketSession::keep_alive), and closes them all with 1001 when the
// relay stops.

#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "relay/conversation/conversation_service.hpp"
#include "relay/http/cors.hpp"
#include "relay/http/request_handlers.hpp"
#include "relay/ws/websocket_session.hpp"

namespace baton {

class LiveStreamUpgrades : public UpgradeHandler {
 public:
  LiveStreamUpgrades(ConversationService& service, const Cors& cors);

  bool wants(const Request& request) const override;
  boost::asio::awaitable<std::optional<Response>> take(const Request& request, boost::beast::tcp_stream& stream,
                                                       const Peer& peer) override;
  void stop() override;

 private:
  void keep_alive_later();
  void forget_ended_streams();

  ConversationService& service_;
  const Cors& cors_;
  std::vector<std::weak_ptr<WebsocketSession>> live_streams_;
  // The list's length after it was last cleared of ended streams: it is
  // cleared again once it has doubled (and at every keep-alive round), so
  // a connect costs O(1) however many tabs are open.
  std::size_t swept_size_ = 0;
  std::optional<boost::asio::steady_timer> keep_alive_;  // from the first stream on
  bool stopped_ = false;
};

}  // namespace baton
