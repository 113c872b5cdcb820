#include "tests/support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <future>
#include <stdexcept>

namespace baton::test {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

struct Url {
  std::string host;
  std::string port;
  std::string target;
};

Url split_url(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) throw std::invalid_argument("bad url " + url);
  std::string target(parsed->encoded_target());
  return Url{std::string(parsed->host()), std::string(parsed->port()), target.empty() ? "/" : target};
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

boost::json::value HttpReply::json() const { return boost::json::parse(body); }

std::string HttpReply::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

HttpReply http_request(const std::string& method, const std::string& url, const std::string& body,
                       const Headers& headers) {
  auto where = split_url(url);
  net::io_context io;
  beast::tcp_stream stream(io);
  tcp::resolver resolver(io);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(resolver.resolve(where.host, where.port));
  http::request<http::string_body> request{http::string_to_verb(method), where.target, 11};
  request.set(http::field::host, where.host + ":" + where.port);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty() && request.find(http::field::content_type) == request.end()) {
    request.set(http::field::content_type, "application/json");
  }
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  http::read(stream, buffer, parser);
  auto response = parser.release();
  HttpReply reply;
  reply.status = response.result_int();
  reply.body = response.body();
  for (const auto& field : response)
    reply.headers[lower(std::string(field.name_string()))] = std::string(field.value());
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return reply;
}

struct RawConnection::Impl {
  net::io_context io;
  tcp::socket socket{io};
};

RawConnection::RawConnection(const std::string& host, unsigned short port) : impl_(std::make_unique<Impl>()) {
  impl_->socket.connect(tcp::endpoint(net::ip::make_address(host), port));
}

RawConnection::~RawConnection() = default;

void RawConnection::send(const std::string& bytes) {
  beast::error_code ec;  // a server that closed early is what some tests look for
  net::write(impl_->socket, net::buffer(bytes), ec);
}

std::string RawConnection::receive(std::chrono::milliseconds wait) {
  std::string received;
  beast::error_code ec;
  auto deadline = std::chrono::steady_clock::now() + wait;
  impl_->socket.non_blocking(true);
  char chunk[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    auto n = impl_->socket.read_some(net::buffer(chunk), ec);
    if (ec == net::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    if (ec) break;
    received.append(chunk, n);
  }
  return received;
}

std::string raw_exchange(const std::string& host, unsigned short port, const std::string& bytes) {
  RawConnection connection(host, port);
  connection.send(bytes);
  return connection.receive();
}

// The socket lives on its own event-loop thread: reads run continuously into
// a queue, writes are posted there and waited for, so a test thread never
// touches the stream while a read is in progress.
struct WsClient::Impl {
  net::io_context io;
  websocket::stream<tcp::socket> ws{io};
  beast::flat_buffer buffer;
  std::thread loop;
  mutable std::mutex mutex;
  std::condition_variable arrived;
  std::deque<std::string> frames;
  bool closed = false;
  int close_code = 0;
  int pings = 0;
  int pongs = 0;

  void read_next() {
    ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
      std::lock_guard lock(mutex);
      if (ec) {
        closed = true;
        close_code = ws.reason().code;
        arrived.notify_all();
        return;
      }
      frames.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
      arrived.notify_all();
      read_next();
    });
  }

  void write(const std::string& bytes, bool text) {
    std::promise<beast::error_code> done;
    net::post(io, [&] {
      ws.text(text);
      ws.async_write(net::buffer(bytes), [&](beast::error_code ec, std::size_t) { done.set_value(ec); });
    });
    auto ec = done.get_future().get();
    if (ec) throw beast::system_error(ec);
  }

  void control(bool ping, const std::string& payload) {
    std::promise<beast::error_code> done;
    net::post(io, [&] {
      auto finished = [&](beast::error_code ec) { done.set_value(ec); };
      if (ping) ws.async_ping(websocket::ping_data(payload), finished);
      else ws.async_pong(websocket::ping_data(payload), finished);
    });
    auto ec = done.get_future().get();
    if (ec) throw beast::system_error(ec);
  }
};

WsClient::WsClient(const std::string& host, unsigned short port, const std::vector<std::string>& protocols,
                   const std::string& origin, const std::string& path)
    : impl_(std::make_unique<Impl>()) {
  auto& ws = impl_->ws;
  ws.next_layer().connect(tcp::endpoint(net::ip::make_address(host), port));
  std::string offered;
  for (const auto& p : protocols) offered += (offered.empty() ? "" : ", ") + p;
  ws.set_option(websocket::stream_base::decorator([offered, origin](websocket::request_type& request) {
    if (!offered.empty()) request.set(http::field::sec_websocket_protocol, offered);
    if (!origin.empty()) request.set(http::field::origin, origin);
  }));
  websocket::response_type response;
  ws.handshake(response, host + ":" + std::to_string(port), path);
  ws.control_callback([impl = impl_.get()](websocket::frame_type kind, beast::string_view) {
    std::lock_guard lock(impl->mutex);
    if (kind == websocket::frame_type::ping) ++impl->pings;
    if (kind == websocket::frame_type::pong) ++impl->pongs;
  });
  accepted_protocol_ = std::string(response[http::field::sec_websocket_protocol]);
  impl_->read_next();
  impl_->loop = std::thread([impl = impl_.get()] { impl->io.run(); });
}

WsClient::~WsClient() {
  net::post(impl_->io, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->ws.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    impl->ws.next_layer().close(ignored);
  });
  if (impl_->loop.joinable()) impl_->loop.join();
}

void WsClient::send_text(const std::string& text) { impl_->write(text, true); }

void WsClient::send_binary(const std::string& bytes) { impl_->write(bytes, false); }

void WsClient::send_ping(const std::string& payload) { impl_->control(true, payload); }

void WsClient::send_pong(const std::string& payload) { impl_->control(false, payload); }

int WsClient::pings_received() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->pings;
}

int WsClient::pongs_received() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->pongs;
}

std::optional<std::string> WsClient::next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, timeout, [&] { return !impl_->frames.empty() || impl_->closed; });
  if (impl_->frames.empty()) return std::nullopt;
  auto frame = std::move(impl_->frames.front());
  impl_->frames.pop_front();
  return frame;
}

std::optional<boost::json::value> WsClient::next_json(std::chrono::milliseconds timeout) {
  auto frame = next(timeout);
  if (!frame) return std::nullopt;
  return boost::json::parse(*frame);
}

std::optional<boost::json::value> WsClient::next_of_type(const std::string& type, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto frame = next_json(left);
    if (!frame) return std::nullopt;
    if (frame->at("type") == type) return frame;
    skipped.push_back(*frame);
  }
  return std::nullopt;
}

bool WsClient::closed() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->closed;
}

int WsClient::close_code() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->close_code;
}

void WsClient::close() {
  net::post(impl_->io,
            [impl = impl_.get()] { impl->ws.async_close(websocket::close_code::normal, [](beast::error_code) {}); });
}

unsigned ws_upgrade_status(const std::string& host, unsigned short port, const std::vector<std::string>& protocols,
                           const std::string& origin) {
  try {
    WsClient client(host, port, protocols, origin);
    return 101;
  } catch (const beast::system_error&) {
  }
  // Repeat by hand to read the refusal's status line.
  std::string offered;
  for (const auto& p : protocols) offered += (offered.empty() ? "" : ", ") + p;
  std::string request = "GET /v1/ws HTTP/1.1\r\nHost: " + host +
                        "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  if (!offered.empty()) request += "Sec-WebSocket-Protocol: " + offered + "\r\n";
  if (!origin.empty()) request += "Origin: " + origin + "\r\n";
  auto answer = raw_exchange(host, port, request + "\r\n");
  if (answer.size() < 12) return 0;
  return static_cast<unsigned>(std::stoul(answer.substr(9, 3)));
}

}  // namespace baton::test
