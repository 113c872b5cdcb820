#pragma once
// What the HTTP server hands its work to. The server knows no route: the
// relay's route table (or a simulator's) answers requests, and the live
// stream takes over the connections that ask to become WebSockets.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <cstddef>
#include <optional>
#include <string_view>

#include "relay/http/http_types.hpp"
#include "relay/http/reply.hpp"

namespace baton {

using RequestHeader = boost::beast::http::request_header<>;

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual boost::asio::awaitable<Reply> handle(const Request& request) = 0;
  // The largest body a request to `target` may carry (checked before it is read).
  virtual std::size_t body_limit(std::string_view target) const = 0;
  // Whether to reset the connection as soon as this header has arrived, so
  // that to the client the request never got in. Only wa-sim's `reject`
  // fault asks for it.
  virtual bool resets(const RequestHeader& /*header*/) { return false; }
};

class UpgradeHandler {
 public:
  virtual ~UpgradeHandler() = default;
  // Whether this handler takes upgrade requests to this target.
  virtual bool wants(const Request& request) const = 0;
  // Takes the connection over (and nullopt), or leaves `stream` alone and
  // returns the refusal to send before the connection is closed.
  virtual boost::asio::awaitable<std::optional<Response>> take(const Request& request,
                                                               boost::beast::tcp_stream& stream) = 0;
  // Closes every connection taken over: the server is stopping.
  virtual void stop() = 0;
};

}  // namespace baton
