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

#include "relay/core/crypto.hpp"
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

std::chrono::milliseconds graph_exchange_deadline(std::chrono::milliseconds timeout, bool file) {
  return file ? std::max<std::chrono::milliseconds>(timeout, std::chrono::minutes(7)) : timeout;
}

std::chrono::milliseconds longest_graph_call(std::chrono::milliseconds timeout, bool file) {
  // The connection's opening is bounded by the same timeout.
  return timeout + graph_exchange_deadline(timeout, file);
}

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
  Call what;
  what.method = method;
  what.target = std::move(target);
  what.body = std::move(body);
  call(std::move(what), std::move(done));
}

void GraphClient::upload_media(std::string bytes, std::string mime, std::string file_name,
                               std::function<void(GraphResult)> done) {
  // A boundary the bytes cannot contain by chance matters little: the parts
  // are length-delimited only by it, so pick one from the bytes' own hash.
  auto boundary = "baton-" + crypto::to_hex(crypto::sha256(bytes)).substr(0, 32);
  std::string body;
  body.reserve(bytes.size() + 512);
  auto field = [&](std::string_view name, std::string_view value) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n\r\n";
    body += value;
    body += "\r\n";
  };
  field("messaging_product", "whatsapp");
  field("type", mime);
  std::string safe_name;
  for (char c : file_name) safe_name.push_back(c == '"' || c == '\r' || c == '\n' ? '_' : c);
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + safe_name +
          "\"\r\nContent-Type: " + mime + "\r\n\r\n";
  body += bytes;
  body += "\r\n--" + boundary + "--\r\n";
  Call what;
  what.method = http::verb::post;
  what.target = "/" + settings_.phone_number_id + "/media";
  what.body = std::move(body);
  what.content_type = "multipart/form-data; boundary=" + boundary;
  what.file = true;
  call(std::move(what), std::move(done));
}

void GraphClient::media_info(std::string media_id, std::function<void(GraphResult)> done) {
  call(http::verb::get, "/" + media_id, {}, std::move(done));
}

void GraphClient::download(std::string url, std::size_t max_bytes, std::function<void(GraphResult)> done) {
  HttpEndpoint where;
  try {
    where = HttpEndpoint::parse(url);
  } catch (const std::invalid_argument&) {
    done(GraphResult{GraphResult::Transport::not_sent, 0, {}, "the media URL is not a URL"});
    return;
  }
  if (!where.tls && where.origin() != settings_.endpoint.origin()) {
    done(GraphResult{GraphResult::Transport::not_sent, 0, {}, "the media URL is not https: the token is not sent"});
    return;
  }
  Call what;
  what.target = where.target();
  what.answer_limit = max_bytes;
  what.elsewhere = std::move(where);
  what.file = true;
  call(std::move(what), std::move(done));
}

void GraphClient::call(Call what, std::function<void(GraphResult)> done) {
  auto call = [this, what = std::move(what)]() -> net::awaitable<GraphResult> {
    // The pool serves the Graph host; a media host gets a connection of its own.
    auto connection = what.elsewhere ? std::make_unique<Connection>() : take_connection();
    beast::error_code ec;
    auto token = net::redirect_error(net::use_awaitable, ec);
    const auto& endpoint = what.elsewhere ? *what.elsewhere : settings_.endpoint;
    auto not_sent = [&](std::string_view step) {
      return GraphResult{GraphResult::Transport::not_sent, 0, {}, std::string(step) + ": " + ec.message()};
    };

    if (!connection->stream.is_open()) {
      auto failed_step = co_await connection->stream.open(endpoint, tls_, settings_.timeout, ec);
      if (ec) co_return not_sent(failed_step);
    }

    auto path = what.elsewhere ? what.target : endpoint.base_path + what.target;
    http::request<http::string_body> request{what.method, path, 11};
    request.set(http::field::host, endpoint.host_header());
    request.set(http::field::authorization, "Bearer " + settings_.access_token);
    if (what.method == http::verb::post) request.set(http::field::content_type, what.content_type);
    request.set(http::field::user_agent, "baton-relay");
    request.keep_alive(!what.elsewhere);
    request.body() = what.body;
    request.prepare_payload();

    connection->stream.tcp().expires_after(graph_exchange_deadline(settings_.timeout, what.file));
    co_await connection->stream.with([&](auto& stream) { return http::async_write(stream, request, token); });
    if (ec) co_return not_sent("write");

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(what.answer_limit);
    co_await connection->stream.with([&](auto& stream) { return http::async_read(stream, buffer, parser, token); });
    if (ec) co_return GraphResult{GraphResult::Transport::lost, 0, {}, "read: " + ec.message()};

    auto response = parser.release();
    if (response.keep_alive() && !what.elsewhere) give_back(std::move(connection));
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
