#pragma once
// What the HTTP server hands its work to. The server knows no route: the
// relay's route table (or a simulator's) answers requests, and the live
// stream takes over the connections that ask to become WebSockets.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "relay/http/http_types.hpp"
#include "relay/http/reply.hpp"

namespace baton {

using RequestHeader = boost::beast::http::request_header<>;

// Who sent a request: the socket's peer (a proxy's own address when there
// is one; relay/http/client_address.hpp finds the client behind it).
struct Peer {
  boost::asio::ip::address address;
  // Keeps the connection counted against the server's caps while it lives;
  // whoever takes a connection over (a live stream) keeps this with it.
  std::shared_ptr<const void> hold;
};

// What to do with a request once its header has arrived, before its body
// is read.
struct Screening {
  // Answer this at once and close the connection; the body is never read.
  std::optional<Response> refusal;
  // Reset the connection, so that to the client the request never got in.
  // Only wa-sim's `reject` fault asks for it.
  bool reset = false;
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual boost::asio::awaitable<Reply> handle(const Request& request, const Peer& peer) = 0;
  // The largest body a request to `target` may carry (checked before it is read).
  virtual std::size_t body_limit(std::string_view target) const = 0;
  // Whether a request to `target` carries a file: its body counts in the
  // uploads' budget, apart from the others (ServerLimits).
  virtual bool carries_file(std::string_view /*target*/) const { return false; }
  virtual Screening screen(const RequestHeader& /*header*/, const Peer& /*peer*/) { return {}; }
};

class UpgradeHandler {
 public:
  virtual ~UpgradeHandler() = default;
  // Whether this handler takes upgrade requests to this target.
  virtual bool wants(const Request& request) const = 0;
  // Takes the connection over (and nullopt), or leaves `stream` alone and
  // returns the refusal to send before the connection is closed.
  virtual boost::asio::awaitable<std::optional<Response>> take(const Request& request, boost::beast::tcp_stream& stream,
                                                               const Peer& peer) = 0;
  // Closes every connection taken over: the server is stopping.
  virtual void stop() = 0;
};

}  // namespace baton
