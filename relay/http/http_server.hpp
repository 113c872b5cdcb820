#pragma once
// Accepts connections and serves HTTP/1.1 on each (keep-alive, bounded header
// and body sizes, time limits), handing requests to a RequestHandler and
// WebSocket upgrades to an UpgradeHandler. Knows its open connections so that
// shutdown can close idle ones at once and let busy ones finish their request.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <unordered_map>

#include "relay/http/listener.hpp"
#include "relay/http/request_handlers.hpp"

namespace baton {

class HttpServer {
 public:
  // `upgrades` may be null: upgrade requests are then answered as requests.
  HttpServer(boost::asio::io_context& io, RequestHandler& handler, UpgradeHandler* upgrades);

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
  RequestHandler& handler_;
  UpgradeHandler* upgrades_;
  Listener listener_;
  std::uint64_t next_id_ = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  bool stopping_ = false;
};

}  // namespace baton
