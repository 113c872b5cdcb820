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
#include <string>
#include <unordered_map>
#include <vector>

#include "relay/core/address_range.hpp"

#include "relay/http/listener.hpp"
#include "relay/http/request_handlers.hpp"

namespace baton {

// Caps that keep one client (or many) from taking the server's memory or
// file descriptors; past them a connection gets 503 and is closed. 0: no cap.
struct ServerLimits {
  std::size_t max_connections = 0;
  std::size_t max_per_address = 0;  // per IPv4 address or IPv6 /64
  // Bytes of request bodies held at once (each body counts its declared
  // length, or its route's limit when chunked, from its header to its answer).
  std::size_t body_memory_bytes = 0;
  // Files (bodies the handler says carry one) count apart, so that
  // slow uploads never make webhooks and API calls wait: bytes at once, and
  // uploads at once from one address.
  std::size_t upload_memory_bytes = 0;
  std::size_t uploads_per_address = 0;
  // Addresses exempt from the per-address cap: proxies carry many clients.
  std::vector<AddressRange> unlimited;
};

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
  void set_limits(ServerLimits limits) { limits_ = std::move(limits); }

  // What the caps count; shared with the holds that outlive a request.
  struct Counts {
    std::size_t connections = 0;
    std::unordered_map<std::string, std::size_t> by_address;
    std::size_t body_bytes = 0;
    std::size_t upload_bytes = 0;
    std::unordered_map<std::string, std::size_t> uploads_by_address;
  };

 private:
  struct Connection;
  void accept(boost::asio::ip::tcp::socket socket);
  // Why a body of `bytes` cannot be held now (a refusal's name), or nothing.
  const char* over_body_budget(bool upload, std::size_t bytes, const std::string& address_key,
                               const boost::asio::ip::address& address) const;
  // Why a new connection from `address` is over a cap, or nothing.
  const char* over_cap(const std::string& address_key, const boost::asio::ip::address& address) const;
  void refuse(boost::asio::ip::tcp::socket socket, const char* reason);
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
  ServerLimits limits_;
  std::shared_ptr<Counts> counts_ = std::make_shared<Counts>();
};

}  // namespace baton
