#include "relay/http/http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/responses.hpp"

namespace baton {
namespace {

constexpr auto request_timeout = std::chrono::seconds(30);
constexpr auto keep_alive_timeout = std::chrono::seconds(60);
constexpr std::uint32_t header_limit = 16 * 1024;

Response bare_error(unsigned status, std::string code, std::string message) {
  Request request;
  request.version(11);
  request.keep_alive(false);
  return error_response(request, ApiError{status, std::move(code), std::move(message)});
}

}  // namespace

struct HttpServer::Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool busy = false;
};

HttpServer::HttpServer(net::io_context& io, RequestHandler& handler, UpgradeHandler* upgrades)
    : io_(io),
      handler_(handler),
      upgrades_(upgrades),
      listener_(io, [this](tcp::socket socket) { accept(std::move(socket)); }) {}

tcp::endpoint HttpServer::listen(const std::string& host, std::uint16_t port) { return listener_.listen(host, port); }

void HttpServer::start() { listener_.start(); }

void HttpServer::stop() {
  stopping_ = true;
  listener_.stop();
  beast::error_code ignored;
  for (auto& [id, weak] : connections_) {
    if (auto connection = weak.lock(); connection && !connection->busy) {
      connection->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      connection->stream.close();
    }
  }
  if (upgrades_) upgrades_->stop();
}

void HttpServer::accept(tcp::socket socket) {
  auto connection = std::make_shared<Connection>(std::move(socket));
  auto id = next_id_++;
  connections_[id] = connection;
  net::co_spawn(io_, serve(connection), [this, id](std::exception_ptr error) {
    connections_.erase(id);
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      log::error("connection failed", {{"error", e.what()}});
    }
  });
}

net::awaitable<void> HttpServer::serve(std::shared_ptr<Connection> connection) {
  auto& stream = connection->stream;
  beast::flat_buffer buffer;
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  bool first = true;

  while (!stopping_) {
    stream.expires_after(first ? request_timeout : keep_alive_timeout);
    first = false;
    http::request_parser<http::empty_body> header_parser;
    header_parser.header_limit(header_limit);
    // The body's limit depends on the target; it is applied once that is known.
    header_parser.body_limit(boost::none);
    co_await http::async_read_header(stream, buffer, header_parser, token);
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      break;
    }
    if (ec) {
      auto status = ec == http::error::header_limit ? 431u : 400u;
      co_await http::async_write(stream, bare_error(status, "bad_request", "malformed request: " + ec.message()),
                                 token);
      break;
    }
    connection->busy = true;
    stream.expires_after(request_timeout);
    http::request_parser<http::string_body> parser(std::move(header_parser));
    auto target = std::string(parser.get().target());
    auto limit = handler_.body_limit(target);
    parser.body_limit(limit);
    // The header was read before the limit was known: a declared length is
    // checked here, a chunked body as it arrives.
    if (auto declared = parser.content_length(); declared && *declared > limit) {
      ec = http::error::body_limit;
    }
    auto expect = parser.get()[http::field::expect];
    if (!ec && beast::iequals(expect, "100-continue")) {
      http::response<http::empty_body> proceed{http::status::continue_, 11};
      co_await http::async_write(stream, proceed, token);
      if (ec) break;
    }
    if (!ec) co_await http::async_read(stream, buffer, parser, token);
    if (ec == http::error::body_limit) {
      co_await http::async_write(
          stream, bare_error(413, "body_too_large", "the body is larger than " + std::to_string(limit) + " bytes"),
          token);
      break;
    }
    if (ec) {
      if (ec != beast::error::timeout && ec != http::error::end_of_stream) {
        co_await http::async_write(stream, bare_error(400, "bad_request", "malformed request: " + ec.message()), token);
      }
      break;
    }
    auto request = parser.release();

    if (upgrades_ && websocket::is_upgrade(request) && upgrades_->wants(request)) {
      std::optional<Response> refusal;
      if (stopping_) {
        // stop() has already closed the connections taken over; a new one
        // would hold the shutdown up until the deadline.
        refusal = error_response(request, ApiError{503, "shutting_down", "the relay is restarting; retry"});
      } else {
        refusal = upgrades_->take(request, stream);
      }
      if (!refusal) co_return;
      refusal->keep_alive(false);
      co_await http::async_write(stream, *refusal, token);
      break;
    }

    auto response = co_await handler_.handle(request);
    if (stopping_) response.keep_alive(false);
    co_await http::async_write(stream, response, token);
    connection->busy = false;
    if (ec || !response.keep_alive()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace baton
