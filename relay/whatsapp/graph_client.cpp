#include "relay/whatsapp/graph_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <stdexcept>

#include "relay/core/log.hpp"
#include "relay/core/net.hpp"

namespace baton {
namespace {

// Servers drop idle keep-alive connections; reusing one they already closed
// would turn a harmless reconnect into a call with an unknown outcome.
constexpr auto max_idle = std::chrono::seconds(20);

}  // namespace

struct GraphClient::Connection {
  ClientStream stream;
  std::chrono::steady_clock::time_point last_used;
};

GraphClient::GraphClient(net::any_io_executor executor, Settings settings)
    : executor_(std::move(executor)), settings_(std::move(settings)), tls_(make_client_tls(settings_.extra_ca)) {}

GraphClient::~GraphClient() { close(); }

void GraphClient::close() { idle_.clear(); }

std::unique_ptr<GraphClient::Connection> GraphClient::take_connection() {
  auto now = std::chrono::steady_clock::now();
  while (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    if (connection->stream.is_open() && now - connection->last_used < max_idle) return connection;
  }
  return std::make_unique<Connection>();
}

void GraphClient::give_back(std::unique_ptr<Connection> connection) {
  connection->last_used = std::chrono::steady_clock::now();
  idle_.push_back(std::move(connection));
}

void GraphClient::send_message(std::string body, std::function<void(GraphResult)> done) {
  call(http::verb::post, "/" + settings_.phone_number_id + "/messages", std::move(body), std::move(done));
}

void GraphClient::read_phone_number(std::function<void(GraphResult)> done) {
  call(http::verb::get,
       "/" + settings_.phone_number_id +
           "?fields=verified_name,display_phone_number,quality_rating,code_verification_status,platform_type",
       {}, std::move(done));
}

void GraphClient::call(http::verb method, std::string target, std::string body, std::function<void(GraphResult)> done) {
  auto call = [this, method, target = std::move(target), body = std::move(body)]() -> net::awaitable<GraphResult> {
    auto connection = take_connection();
    beast::error_code ec;
    auto token = net::redirect_error(net::use_awaitable, ec);
    const auto& endpoint = settings_.endpoint;
    auto not_sent = [&](std::string_view step) {
      return GraphResult{GraphResult::Transport::not_sent, 0, {}, std::string(step) + ": " + ec.message()};
    };

    if (!connection->stream.is_open()) {
      auto failed_step = co_await connection->stream.open(endpoint, tls_, settings_.timeout, ec);
      if (ec) co_return not_sent(failed_step);
    }

    http::request<http::string_body> request{method, endpoint.base_path + target, 11};
    request.set(http::field::host, endpoint.host_header());
    request.set(http::field::authorization, "Bearer " + settings_.access_token);
    if (method == http::verb::post) request.set(http::field::content_type, "application/json");
    request.set(http::field::user_agent, "baton-relay");
    request.keep_alive(true);
    request.body() = body;
    request.prepare_payload();

    connection->stream.tcp().expires_after(settings_.timeout);
    co_await connection->stream.with([&](auto& stream) { return http::async_write(stream, request, token); });
    if (ec) co_return not_sent("write");

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);
    co_await connection->stream.with([&](auto& stream) { return http::async_read(stream, buffer, parser, token); });
    if (ec) co_return GraphResult{GraphResult::Transport::lost, 0, {}, "read: " + ec.message()};

    auto response = parser.release();
    if (response.keep_alive()) give_back(std::move(connection));
    co_return GraphResult{GraphResult::Transport::answered, response.result_int(), std::move(response.body()), {}};
  };

  net::co_spawn(executor_, std::move(call), [done = std::move(done)](std::exception_ptr error, GraphResult result) {
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

void GraphClient::set_account(std::string phone_number_id, std::string access_token) {
  settings_.phone_number_id = std::move(phone_number_id);
  settings_.access_token = std::move(access_token);
}

}  // namespace baton
