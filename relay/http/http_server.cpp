#include "relay/http/http_server.hpp"

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <optional>
#include <type_traits>

#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/core/net.hpp"
#include "relay/core/response_memory.hpp"
#include "relay/http/body_budget.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/response_head.hpp"
#include "relay/http/responses.hpp"

namespace baton {
namespace {

constexpr auto request_timeout = std::chrono::seconds(30);
constexpr std::size_t large_body_bytes = 4 * 1024 * 1024;
constexpr auto large_body_timeout = std::chrono::minutes(5);
constexpr auto keep_alive_timeout = std::chrono::seconds(60);
constexpr std::uint32_t header_limit = 16 * 1024;
// A connection's read buffer from the start: a typical request in one read.
constexpr std::size_t read_room = 4096;

Response bare_error(unsigned status, std::string code, std::string message) {
  Request request;
  request.version(11);
  request.keep_alive(false);
  return error_response(request, ApiError{status, std::move(code), std::move(message)});
}

// Holds one connection's place in the counts until it closes (or until the
// live stream that took it over ends).
class CountedConnection {
 public:
  CountedConnection(std::shared_ptr<HttpServer::Counts> counts, std::string key)
      : counts_(std::move(counts)), key_(std::move(key)) {
    ++counts_->connections;
    ++counts_->by_address[key_];
  }
  ~CountedConnection() {
    --counts_->connections;
    if (auto it = counts_->by_address.find(key_); it != counts_->by_address.end() && --it->second == 0) {
      counts_->by_address.erase(it);
    }
  }
  CountedConnection(const CountedConnection&) = delete;
  CountedConnection& operator=(const CountedConnection&) = delete;

 private:
  std::shared_ptr<HttpServer::Counts> counts_;
  std::string key_;
};

// Bytes of one request body counted against the memory cap while it is held.
// A body's bytes, held from its header to its answer: an upload's in the
// uploads' budget and its address's count, any other's in the general one.
class BodyReservation {
 public:
  BodyReservation(HttpServer::Counts& counts, std::size_t bytes, std::string upload_address)
      : counts_(counts), bytes_(bytes), upload_address_(std::move(upload_address)) {
    if (upload_address_.empty()) {
      counts_.body_bytes += bytes_;
      return;
    }
    counts_.upload_bytes += bytes_;
    ++counts_.uploads_by_address[upload_address_];
  }
  ~BodyReservation() {
    if (upload_address_.empty()) {
      counts_.body_bytes -= bytes_;
      return;
    }
    counts_.upload_bytes -= bytes_;
    if (auto it = counts_.uploads_by_address.find(upload_address_); it != counts_.uploads_by_address.end()) {
      if (--it->second == 0) counts_.uploads_by_address.erase(it);
    }
  }
  BodyReservation(const BodyReservation&) = delete;
  BodyReservation& operator=(const BodyReservation&) = delete;

 private:
  HttpServer::Counts& counts_;
  std::size_t bytes_;
  std::string upload_address_;  // empty: not an upload
};

metrics::Counter& refused_counter(std::string_view reason) {
  return metrics::registry().counter("baton_connections_refused_total",
                                     "Connections and requests refused by a server cap",
                                     "reason=\"" + std::string(reason) + "\"");
}

// One line now and then, not one per refusal: a flood must not fill the log.
void log_refusal(const char* reason, const std::string& address) {
  static std::chrono::steady_clock::time_point last{};
  auto now = std::chrono::steady_clock::now();
  if (now - last < std::chrono::seconds(10)) return;
  last = now;
  log::warn("connection refused by a cap", {{"reason", reason}, {"address", address}});
}

// RFC 9112 6.1: a request with both, or with any coding but chunked, is the
// raw material of request smuggling; a proxy in front may read it otherwise.
std::optional<std::string> framing_problem(const RequestHeader& header) {
  auto codings = header.count(http::field::transfer_encoding);
  if (codings == 0) return std::nullopt;
  if (codings > 1 || !beast::iequals(header[http::field::transfer_encoding], "chunked")) {
    return "Transfer-Encoding must be exactly \"chunked\"";
  }
  if (header.count(http::field::content_length) > 0) return "send Content-Length or Transfer-Encoding, not both";
  return std::nullopt;
}

// Feeds `parser` what `buffer` already holds of the body; `ec` is left
// clear when the body needs more bytes than have arrived.
void take_buffered_body(http::request_parser<http::string_body>& parser, beast::flat_buffer& buffer,
                        beast::error_code& ec) {
  while (!parser.is_done() && buffer.size() > 0) {
    auto used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == http::error::need_more) {
      ec = {};
      return;
    }
    if (ec || used == 0) return;
  }
}

// The ways a connection ends that need no answer and no log line.
bool quiet(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
         ec == net::error::connection_reset || ec == net::error::eof || ec == net::ssl::error::stream_truncated;
}

}  // namespace

struct HttpServer::Connection {
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  bool busy = false;
  Peer peer;

  beast::tcp_stream& tcp() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
};

HttpServer::HttpServer(net::io_context& io, RequestHandler& handler, UpgradeHandler* upgrades, ssl::context* tls)
    : io_(io), handler_(handler), upgrades_(upgrades), tls_(tls), listener_(io, [this](tcp::socket socket) {
        accept(std::move(socket));
      }) {}

tcp::endpoint HttpServer::listen(const std::string& host, std::uint16_t port) { return listener_.listen(host, port); }

void HttpServer::start() { listener_.start(); }

void HttpServer::stop() {
  stopping_ = true;
  listener_.stop();
  beast::error_code ignored;
  for (auto& [id, weak] : connections_) {
    if (auto connection = weak.lock(); connection && !connection->busy) {
      connection->tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
      connection->tcp().close();
    }
  }
  if (upgrades_) upgrades_->stop();
}

const char* HttpServer::over_cap(const std::string& address_key, const net::ip::address& address) const {
  if (limits_.max_connections > 0 && counts_->connections >= limits_.max_connections) return "connections";
  if (limits_.max_per_address > 0 && !any_contains(limits_.unlimited, address)) {
    auto it = counts_->by_address.find(address_key);
    if (it != counts_->by_address.end() && it->second >= limits_.max_per_address) return "address";
  }
  return nullptr;
}

void HttpServer::refuse(tcp::socket socket, const char* reason) {
  refused_counter(reason).inc();
  if (tls_) return;  // saying why would cost a handshake: just close
  // An answer before the request is allowed (RFC 9112 9.6) and tells a
  // browser or client library why, instead of a bare reset.
  auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
  auto response = std::make_shared<Response>(bare_error(
      503, "server_busy",
      std::string("too many open connections") + (std::string_view(reason) == "address" ? " from this address" : "")));
  response->set(http::field::retry_after, "5");
  stream->expires_after(std::chrono::seconds(2));
  http::async_write(*stream, *response, [stream, response](beast::error_code ec, std::size_t) {
    stream->socket().shutdown(tcp::socket::shutdown_both, ec);
  });
}

void HttpServer::accept(tcp::socket socket) {
  beast::error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (ec) return;  // gone already
  auto address = plain_address(remote.address());
  auto key = limit_key(address);
  if (const char* reason = over_cap(key, address)) {
    log_refusal(reason, key);
    refuse(std::move(socket), reason);
    return;
  }
  auto connection = std::make_shared<Connection>();
  connection->peer = Peer{address, std::make_shared<CountedConnection>(counts_, key)};
  if (tls_) {
    connection->secure.emplace(std::move(socket), *tls_);
  } else {
    connection->plain.emplace(std::move(socket));
  }
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
  if (!connection->secure) {
    co_await exchange(*connection, *connection->plain);
    co_return;
  }
  beast::error_code ec;
  connection->tcp().expires_after(request_timeout);
  co_await connection->secure->async_handshake(ssl::stream_base::server, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    log::debug("tls handshake failed", {{"error", ec.message()}});
    co_return;
  }
  co_await exchange(*connection, *connection->secure);
}

const char* HttpServer::over_body_budget(bool upload, std::size_t bytes, const std::string& address_key,
                                         const net::ip::address& address) const {
  if (!upload) {
    bool full = limits_.body_memory_bytes > 0 && counts_->body_bytes + bytes > limits_.body_memory_bytes;
    return full ? "body_memory" : nullptr;
  }
  if (limits_.upload_memory_bytes > 0 && counts_->upload_bytes + bytes > limits_.upload_memory_bytes) {
    return "upload_memory";
  }
  if (limits_.uploads_per_address > 0 && !any_contains(limits_.unlimited, address)) {
    auto it = counts_->uploads_by_address.find(address_key);
    if (it != counts_->uploads_by_address.end() && it->second >= limits_.uploads_per_address) {
      return "uploads_per_address";
    }
  }
  return nullptr;
}

template <class Stream>
net::awaitable<void> HttpServer::exchange(Connection& connection, Stream& stream) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  // Beast reads as much as the buffer has room for, and at least 512 bytes.
  // Left to grow on demand, it stayed at 512, and a webhook (about 1 KiB
  // with its headers) took two or three reads; with room for a typical
  // request, one.
  beast::flat_buffer buffer;
  buffer.reserve(read_room);
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  bool first = true;

  while (!stopping_) {
    tcp_layer.expires_after(first ? request_timeout : keep_alive_timeout);
    first = false;
    http::request_parser<http::empty_body> header_parser;
    header_parser.header_limit(header_limit);
    // The body's limit depends on the target; it is applied once that is known.
    header_parser.body_limit(boost::none);
    co_await http::async_read_header(stream, buffer, header_parser, token);
    if (ec && quiet(ec)) break;
    if (ec) {
      auto status = ec == http::error::header_limit ? 431u : 400u;
      co_await http::async_write(stream, bare_error(status, "bad_request", "malformed request: " + ec.message()),
                                 token);
      break;
    }
    if (auto problem = framing_problem(header_parser.get())) {
      co_await http::async_write(stream, bare_error(400, "bad_request", *problem), token);
      break;
    }
    auto screening = handler_.screen(header_parser.get(), connection.peer);
    if (screening.reset) {
      // A reset rather than a close: to the client the request never got in.
      tcp_layer.socket().set_option(net::socket_base::linger(true, 0), ec);
      tcp_layer.socket().close(ec);
      co_return;
    }
    if (screening.refusal) {
      screening.refusal->keep_alive(false);
      co_await http::async_write(stream, *screening.refusal, token);
      break;
    }
    connection.busy = true;
    http::request_parser<http::string_body> parser(std::move(header_parser));
    auto limit = handler_.body_limit(parser.get().target());
    parser.body_limit(limit);
    // A file upload from a slow phone needs longer than an API call.
    tcp_layer.expires_after(limit > large_body_bytes ? large_body_timeout : request_timeout);
    // The header was read before the limit was known: a declared length is
    // checked here, a chunked body as it arrives.
    auto declared = parser.content_length();
    if (declared && *declared > limit) {
      ec = http::error::body_limit;
    }
    auto held = body_bytes_to_hold(declared ? std::optional<std::uint64_t>(*declared) : std::nullopt, parser.chunked(),
                                   limit);
    const bool upload = handler_.carries_file(parser.get().target());
    auto address = limit_key(connection.peer.address);
    if (auto* full = ec || held == 0 ? nullptr : over_body_budget(upload, held, address, connection.peer.address)) {
      refused_counter(full).inc();
      log_refusal(full, address);
      auto busy = bare_error(503, "server_busy",
                             upload ? "too many files are being sent at once; retry"
                                    : "too many request bodies at once; retry");
      busy.set(http::field::retry_after, upload ? "5" : "1");
      co_await http::async_write(stream, busy, token);
      break;
    }
    BodyReservation reservation(*counts_, held, upload && held > 0 ? address : std::string());
    if (!ec && beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      http::response<http::empty_body> proceed{http::status::continue_, 11};
      co_await http::async_write(stream, proceed, token);
      if (ec) break;
    }
    // The read that brought the header usually brought the whole body too:
    // it is parsed from the buffer here, without another read operation
    // (an allocation, a post and a round of the loop per request).
    if (!ec) take_buffered_body(parser, buffer, ec);
    if (!ec && !parser.is_done()) co_await http::async_read(stream, buffer, parser, token);
    if (ec == http::error::body_limit) {
      co_await http::async_write(
          stream, bare_error(413, "body_too_large", "the body is larger than " + std::to_string(limit) + " bytes"),
          token);
      break;
    }
    if (ec) {
      if (!quiet(ec)) {
        co_await http::async_write(stream, bare_error(400, "bad_request", "malformed request: " + ec.message()), token);
      }
      break;
    }
    auto request = parser.release();

    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      if (upgrades_ && websocket::is_upgrade(request) && upgrades_->wants(request)) {
        std::optional<Response> refusal;
        if (stopping_) {
          // stop() has already closed the connections taken over; a new one
          // would hold the shutdown up until the deadline.
          refusal = error_response(request, shutting_down_error());
        } else {
          refusal = co_await upgrades_->take(request, stream, connection.peer);
        }
        if (!refusal) co_return;
        refusal->keep_alive(false);
        co_await http::async_write(stream, *refusal, token);
        break;
      }
    }

    auto reply = co_await handler_.handle(request, connection.peer);
    response_memory::Held answer_body(reply.response.body().size());
    bool keep_alive = co_await answer(stream, reply);
    connection.busy = false;
    if (!keep_alive) break;
  }
  tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ec);
}

template <class Stream>
net::awaitable<bool> HttpServer::answer(Stream& stream, Reply& reply) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  if (reply.delay.count() > 0) {
    net::steady_timer wait(co_await net::this_coro::executor, reply.delay);
    co_await wait.async_wait(token);
  }
  if (reply.action == Reply::Action::drop) {
    tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ec);
    tcp_layer.close();
    co_return false;
  }
  if (stopping_) reply.response.keep_alive(false);
  // A file to a slow phone takes longer than an API answer: 30 s, and a
  // second more for each 64 KiB beyond the first MiB.
  constexpr std::size_t free_bytes = 1 << 20, bytes_per_second = 64 << 10;
  auto body_bytes = reply.response.body().size();
  auto extra = body_bytes > free_bytes ? (body_bytes - free_bytes) / bytes_per_second : 0;
  tcp_layer.expires_after(request_timeout + std::chrono::seconds(static_cast<std::int64_t>(extra)));
  if (!reply.pieces) {
    if (auto head = response_head(reply.response)) {
      std::array<net::const_buffer, 2> bytes{net::buffer(*head), net::buffer(reply.response.body())};
      co_await net::async_write(stream, bytes, token);
    } else {
      co_await http::async_write(stream, reply.response, token);
    }
    co_return !ec && reply.response.keep_alive();
  }

  http::response<http::empty_body> head{reply.response.base()};
  head.erase(http::field::content_length);
  head.chunked(true);
  http::response_serializer<http::empty_body> serializer{head};
  co_await http::async_write_header(stream, serializer, token);
  while (!ec) {
    auto piece = co_await reply.pieces();
    if (!piece) break;
    tcp_layer.expires_after(request_timeout);
    co_await net::async_write(stream, http::make_chunk(net::buffer(*piece)), token);
  }
  if (ec || reply.cut_after_pieces) {
    tcp_layer.close();
    co_return false;
  }
  co_await net::async_write(stream, http::make_chunk_last(), token);
  co_return !ec && head.keep_alive();
}

}  // namespace baton
