// The relay writes a response's head itself (relay/http/response_head.hpp):
// the bytes must be the ones Beast's serializer writes for the same message.

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <doctest/doctest.h>

#include <string>

#include "relay/http/response_head.hpp"

namespace {

namespace http = boost::beast::http;

// Everything Beast's serializer writes for `response`.
std::string beast_bytes(baton::Response response) {
  http::response_serializer<http::string_body> serializer(response);
  boost::beast::error_code ec;
  std::string out;
  while (!serializer.is_done()) {
    serializer.next(ec, [&](boost::beast::error_code&, const auto& buffers) {
      out += boost::beast::buffers_to_string(buffers);
      serializer.consume(boost::asio::buffer_size(buffers));
    });
    REQUIRE_FALSE(ec);
  }
  return out;
}

std::string our_bytes(const baton::Response& response) {
  auto head = baton::response_head(response);
  REQUIRE(head);
  return *head + response.body();
}

}  // namespace

TEST_CASE("response head: the bytes are Beast's for the answers the relay gives") {
  baton::Response ok{http::status::ok, 11};
  ok.set(http::field::content_type, "application/json");
  ok.set(http::field::cache_control, "no-store");
  ok.body() = R"({"ok":true})";
  ok.prepare_payload();
  CHECK(our_bytes(ok) == beast_bytes(ok));
  CHECK(our_bytes(ok).starts_with("HTTP/1.1 200 OK\r\n"));

  // No body, a status without a common reason, fields repeated and unknown.
  baton::Response empty{http::status::no_content, 11};
  empty.insert(http::field::set_cookie, "a=1; HttpOnly");
  empty.insert(http::field::set_cookie, "b=2; Secure");
  empty.insert("X-Baton-Unknown", "value with spaces");
  empty.prepare_payload();
  CHECK(our_bytes(empty) == beast_bytes(empty));

  // A reason of the response's own, HTTP/1.0, a connection that closes.
  baton::Response gone{http::status::too_many_requests, 10};
  gone.reason("Slow Down");
  gone.keep_alive(false);
  gone.set(http::field::retry_after, "1");
  gone.body() = "retry later";
  gone.prepare_payload();
  CHECK(our_bytes(gone) == beast_bytes(gone));
  CHECK(our_bytes(gone).starts_with("HTTP/1.0 429 Slow Down\r\n"));

  // A status Beast has no name for.
  baton::Response odd{};
  odd.result(599);
  odd.version(11);
  odd.body() = "?";
  odd.prepare_payload();
  CHECK(our_bytes(odd) == beast_bytes(odd));
}

TEST_CASE("response head: a chunked answer, or one that does not say its length, is left to Beast") {
  baton::Response chunked{http::status::ok, 11};
  chunked.chunked(true);
  CHECK_FALSE(baton::response_head(chunked));
  baton::Response unsized{http::status::ok, 11};
  unsized.body() = "no length";
  CHECK_FALSE(baton::response_head(unsized));
}
