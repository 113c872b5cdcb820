#pragma once
// Accepts connections and serves HTTP/1.1 on each (keep-alive, bounded header
// and body sizes, time limits), handing WebSocket upgrades of /v1/ws to a
// WebsocketSession. Knows its open connections so that shutdown can close
// idle ones at once and let busy ones finish their request.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <unordered_map>

#include "relay/http/cors.hpp"
#include "relay/http/listener.hpp"
#include "relay/http/router.hpp"
#include "relay/ws/websocket_session.hpp"

namespace baton {

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, Router& router, ConversationService& service, const Cors& cors);

  // Binds and listens; throws std::system_error if the address is unusable.
  boost::asio::ip::tcp::endpoint listen(const std::string& host, std::uint16_t port);
  void start();
  // Stops accepting, closes idle connections and live streams.
  void stop();

 private:
  struct Connection;
  void accept(boost::asio::ip::tcp::socket socket);
  boost::asio::awaitable<void> serve(std::shared_ptr<Connection> connection);

  boost::asio::io_context& io_;
  Router& router_;
  ConversationService& service_;
  const Cors& cors_;
  Listener listener_;
  std::uint64_t next_id_ = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  std::vector<std::weak_ptr<WebsocketSession>> live_streams_;
  bool stopping_ = false;
};

}  // namespace baton
