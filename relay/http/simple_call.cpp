#include "relay/http/simple_call.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "relay/core/net.hpp"

namespace baton {

net::awaitable<SimpleAnswer> simple_call(const HttpEndpoint& endpoint, net::ssl::context& tls, http::verb method,
                                         const std::string& path, std::string body, std::chrono::milliseconds timeout) {
  SimpleAnswer answer;
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  ClientStream stream;
  auto step = co_await stream.open(endpoint, tls, timeout, ec);
  if (ec) {
    answer.failure = step + ": " + ec.message();
    co_return answer;
  }
  http::request<http::string_body> request{method, endpoint.base_path + path, 11};
  request.set(http::field::host, endpoint.host_header());
  request.set(http::field::user_agent, "baton-relay");
  request.set(http::field::accept, "application/json");
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.keep_alive(false);
  request.body() = std::move(body);
  request.prepare_payload();
  stream.tcp().expires_after(timeout);
  co_await stream.with([&](auto& s) { return http::async_write(s, request, token); });
  if (ec) {
    answer.failure = "write: " + ec.message();
    co_return answer;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_answer_bytes);
  co_await stream.with([&](auto& s) { return http::async_read(s, buffer, parser, token); });
  if (ec) {
    answer.failure = "read: " + ec.message();
    co_return answer;
  }
  answer.status = parser.get().result_int();
  answer.body = std::move(parser.get().body());
  beast::error_code ignored;
  stream.tcp().socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  co_return answer;
}

}  // namespace baton
