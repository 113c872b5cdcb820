#include "tools/wa-sim/sim_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/responses.hpp"

namespace baton::sim {
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

Response too_large() { return bare_error(413, "body_too_large", "the body is larger than 1 MB"); }

bool quiet(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
         ec == net::error::connection_reset || ec == net::error::eof || ec == net::ssl::error::stream_truncated;
}

}  // namespace

SimServer::SimServer(net::io_context& io, SimRouter& router, ssl::context* tls, bool control_only)
    : io_(io), router_(router), tls_(tls), control_only_(control_only), listener_(io, [this](tcp::socket socket) {
        accept(std::move(socket));
      }) {}

tcp::endpoint SimServer::listen(const HostPort& where) { return listener_.listen(where.host, where.port); }

void SimServer::start() { listener_.start(); }

void SimServer::stop() {
  stopping_ = true;
  listener_.stop();
}

void SimServer::accept(tcp::socket socket) {
  net::co_spawn(io_, serve(std::move(socket)), [](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      log::error("connection failed", {{"error", e.what()}});
    }
  });
}

net::awaitable<void> SimServer::serve(tcp::socket socket) {
  if (!tls_) {
    beast::tcp_stream stream(std::move(socket));
    co_await exchange(stream);
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls_);
  beast::error_code ec;
  beast::get_lowest_layer(stream).expires_after(request_timeout);
  co_await stream.async_handshake(ssl::stream_base::server, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    log::debug("tls handshake failed", {{"error", ec.message()}});
    co_return;
  }
  co_await exchange(stream);
}

template <class Stream>
net::awaitable<void> SimServer::exchange(Stream& stream) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  beast::flat_buffer buffer;
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  bool first = true;

  while (!stopping_) {
    tcp_layer.expires_after(first ? request_timeout : keep_alive_timeout);
    first = false;
    http::request_parser<http::empty_body> header_parser;
    header_parser.header_limit(header_limit);
    header_parser.body_limit(SimRouter::body_limit);
    co_await http::async_read_header(stream, buffer, header_parser, token);
    if (ec == http::error::body_limit) {
      // A Content-Length over the limit is refused before any of it is read.
      co_await http::async_write(stream, too_large(), token);
      break;
    }
    if (ec) {
      if (quiet(ec)) break;
      auto status = ec == http::error::header_limit ? 431u : 400u;
      co_await http::async_write(stream, bare_error(status, "bad_request", "malformed request: " + ec.message()),
                                 token);
      break;
    }
    if (router_.rejects(header_parser.get(), control_only_)) {
      // A reset rather than a close: to the client this call never got in.
      tcp_layer.socket().set_option(net::socket_base::linger(true, 0), ec);
      tcp_layer.socket().close(ec);
      co_return;
    }
    tcp_layer.expires_after(request_timeout);
    http::request_parser<http::string_body> parser(std::move(header_parser));
    parser.body_limit(SimRouter::body_limit);
    if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      http::response<http::empty_body> proceed{http::status::continue_, 11};
      co_await http::async_write(stream, proceed, token);
      if (ec) break;
    }
    co_await http::async_read(stream, buffer, parser, token);
    if (ec == http::error::body_limit) {
      co_await http::async_write(stream, too_large(), token);
      break;
    }
    if (ec) {
      if (!quiet(ec))
        co_await http::async_write(stream, bare_error(400, "bad_request", "malformed request: " + ec.message()), token);
      break;
    }
    auto request = parser.release();
    auto reply = router_.handle(request, control_only_);
    if (reply.delay.count() > 0) {
      net::steady_timer wait(co_await net::this_coro::executor, reply.delay);
      co_await wait.async_wait(token);
    }
    if (reply.action == Reply::Action::drop) {
      tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ec);
      tcp_layer.close();
      co_return;
    }
    tcp_layer.expires_after(request_timeout);
    co_await http::async_write(stream, reply.response, token);
    if (ec || !reply.response.keep_alive()) break;
  }
  tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace baton::sim
