#include "relay/whatsapp/graph_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <optional>
#include <stdexcept>

#include "relay/core/log.hpp"
#include "relay/net.hpp"

namespace baton {
namespace {

// Servers drop idle keep-alive connections; reusing one they already closed
// would turn a harmless reconnect into a call with an unknown outcome.
constexpr auto max_idle = std::chrono::seconds(20);

}  // namespace

GraphEndpoint GraphEndpoint::parse(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->host().empty()) {
    throw std::invalid_argument("not an http(s) URL: " + url);
  }
  GraphEndpoint e;
  e.tls = parsed->scheme() == "https";
  e.host = parsed->host_address();
  e.port = parsed->has_port() ? std::string(parsed->port()) : (e.tls ? "443" : "80");
  e.base_path = std::string(parsed->encoded_path());
  while (!e.base_path.empty() && e.base_path.back() == '/') e.base_path.pop_back();
  return e;
}

struct GraphClient::Connection {
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  std::chrono::steady_clock::time_point last_used;

  beast::tcp_stream& tcp() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
  bool is_open() { return (secure || plain) && tcp().socket().is_open(); }
};

GraphClient::GraphClient(net::any_io_executor executor, Settings settings)
    : executor_(std::move(executor)), settings_(std::move(settings)), tls_(ssl::context::tls_client) {
  tls_.set_default_verify_paths();
  if (!settings_.extra_ca.empty()) tls_.load_verify_file(settings_.extra_ca.string());
  tls_.set_verify_mode(ssl::verify_peer);
  tls_.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                   ssl::context::no_tlsv1_1);
}

GraphClient::~GraphClient() { close(); }

void GraphClient::close() { idle_.clear(); }

std::unique_ptr<GraphClient::Connection> GraphClient::take_connection() {
  auto now = std::chrono::steady_clock::now();
  while (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    if (connection->is_open() && now - connection->last_used < max_idle) return connection;
  }
  return std::make_unique<Connection>();
}

void GraphClient::give_back(std::unique_ptr<Connection> connection) {
  connection->last_used = std::chrono::steady_clock::now();
  idle_.push_back(std::move(connection));
}

void GraphClient::send_message(std::string body, std::function<void(GraphResult)> done) {
  auto call = [this, body = std::move(body)]() -> net::awaitable<GraphResult> {
    auto connection = take_connection();
    beast::error_code ec;
    auto token = net::redirect_error(net::use_awaitable, ec);
    const auto& endpoint = settings_.endpoint;
    auto not_sent = [&](std::string_view step) {
      return GraphResult{GraphResult::Transport::not_sent, 0, {}, std::string(step) + ": " + ec.message()};
    };

    if (!connection->is_open()) {
      connection->plain.reset();
      connection->secure.reset();
      tcp::resolver resolver(executor_);
      auto addresses = co_await resolver.async_resolve(endpoint.host, endpoint.port, token);
      if (ec) co_return not_sent("resolve");
      if (endpoint.tls) {
        connection->secure.emplace(executor_, tls_);
        // SNI, and a certificate that must name this host.
        // SSL_set_tlsext_host_name without its C cast.
        if (!SSL_ctrl(connection->secure->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                      const_cast<char*>(endpoint.host.c_str()))) {
          ec = beast::error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category());
          co_return not_sent("sni");
        }
        connection->secure->set_verify_callback(ssl::host_name_verification(endpoint.host));
      } else {
        connection->plain.emplace(executor_);
      }
      connection->tcp().expires_after(settings_.timeout);
      co_await connection->tcp().async_connect(addresses, token);
      if (ec) co_return not_sent("connect");
      if (connection->secure) {
        co_await connection->secure->async_handshake(ssl::stream_base::client, token);
        if (ec) co_return not_sent("tls handshake");
      }
    }

    http::request<http::string_body> request{http::verb::post,
                                             endpoint.base_path + "/" + settings_.phone_number_id + "/messages", 11};
    request.set(http::field::host, endpoint.host);
    request.set(http::field::authorization, "Bearer " + settings_.access_token);
    request.set(http::field::content_type, "application/json");
    request.set(http::field::user_agent, "baton-relay");
    request.keep_alive(true);
    request.body() = body;
    request.prepare_payload();

    connection->tcp().expires_after(settings_.timeout);
    if (connection->secure) co_await http::async_write(*connection->secure, request, token);
    else co_await http::async_write(*connection->plain, request, token);
    if (ec) co_return not_sent("write");

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);
    if (connection->secure) co_await http::async_read(*connection->secure, buffer, parser, token);
    else co_await http::async_read(*connection->plain, buffer, parser, token);
    if (ec) co_return GraphResult{GraphResult::Transport::lost, 0, {}, "read: " + ec.message()};

    auto response = parser.release();
    if (response.keep_alive()) give_back(std::move(connection));
    co_return GraphResult{GraphResult::Transport::answered, response.result_int(), std::move(response.body()), {}};
  };

  net::co_spawn(executor_, std::move(call),
                [done = std::move(done)](std::exception_ptr error, GraphResult result) {
                  if (error) {
                    result = GraphResult{GraphResult::Transport::lost, 0, {}, "internal error"};
                    try {
                      std::rethrow_exception(error);
                    } catch (const std::exception& e) {
                      log::error("graph call failed", {{"error", e.what()}});
                    }
                  }
                  done(std::move(result));
                });
}

}  // namespace baton
