#pragma once
// One HTTP request to another service on its own connection, the whole
// answer read into memory (at most max_answer_bytes): for the rare calls
// that need no pool (the simulator's control API from the console).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <string>

#include "relay/http/client_stream.hpp"

namespace baton {

struct SimpleAnswer {
  unsigned status = 0;  // 0: no answer (`failure` says why)
  std::string body;
  std::string failure;
};

inline constexpr std::size_t max_answer_bytes = 1024 * 1024;

// `path` is appended to the endpoint's base path; `body`, if any, is JSON.
boost::asio::awaitable<SimpleAnswer> simple_call(const HttpEndpoint& endpoint, boost::asio::ssl::context& tls,
                                                 boost::beast::http::verb method, const std::string& path,
                                                 std::string body, std::chrono::milliseconds timeout);

}  // namespace baton
