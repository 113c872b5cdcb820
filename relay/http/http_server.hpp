#pragma once
// Accepts connections, plain or TLS, and serves HTTP/1.1 on each (keep-alive,
// bounded header and body sizes, time limits), handing requests to a
// RequestHandler and WebSocket upgrades to an UpgradeHandler. Knows its open
// connections so that shutdown can close idle ones at once and let busy ones
// finish their request. The relay, wa-sim and llm-sim all serve through it.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <unordered_map>

#include "relay/http/listener.hpp"
#include "relay/http/request_handlers.hpp"

namespace baton {

class HttpServer {
 public:
  // `upgrades` may be null: upgrade requests are then answered as requests.
  // `tls` null serves plain HTTP; over TLS upgrades are not offered.
  HttpServer(boost::asio::io_context& io, RequestHandler& handler, UpgradeHandler* upgrades = nullptr,
             boost::asio::ssl::context* tls = nullptr);

  // Binds and listens; throws boost::system::system_error if the address is unusable.
  boost::asio::ip::tcp::endpoint listen(const std::string& host, std::uint16_t port);
  void start();
  // Stops accepting, closes idle connections and live streams.
  void stop();

 private:
  struct Connection;
  void accept(boost::asio::ip::tcp::socket socket);
  boost::asio::awaitable<void> serve(std::shared_ptr<Connection> connection);
  template <class Stream>
  boost::asio::awaitable<void> exchange(Connection& connection, Stream& stream);
  template <class Stream>
  boost::asio::awaitable<bool> answer(Stream& stream, Reply& reply);

  boost::asio::io_context& io_;
  RequestHandler& handler_;
  UpgradeHandler* upgrades_;
  boost::asio::ssl::context* tls_;
  Listener listener_;
  std::uint64_t next_id_ = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  bool stopping_ = false;
};

}  // namespace baton
