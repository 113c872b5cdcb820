#include "tools/wa-sim/webhook_sender.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <stdexcept>

#include "relay/core/net.hpp"
#include "relay/whatsapp/signature.hpp"

namespace baton::sim {
namespace {

constexpr std::size_t max_answer_bytes = 64 * 1024;

// The SHA-1 header Meta still sends beside the SHA-256 one.
std::string legacy_signature(std::string_view secret, std::string_view body) {
  std::array<unsigned char, 20> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), mac.data(), &length);
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "sha1=";
  for (auto byte : mac) {
    out += digits[byte >> 4];
    out += digits[byte & 0x0F];
  }
  return out;
}

}  // namespace

WebhookTarget WebhookTarget::parse(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->host().empty()) {
    throw std::invalid_argument("not an http(s) URL: " + url);
  }
  WebhookTarget t;
  t.tls = parsed->scheme() == "https";
  t.host = parsed->host_address();
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
  t.target = std::string(parsed->encoded_path());
  if (t.target.empty()) t.target = "/";
  if (parsed->has_query()) t.target += "?" + std::string(parsed->encoded_query());
  return t;
}

WebhookSender::WebhookSender(net::any_io_executor executor, const std::string& url, std::string app_secret,
                             const std::filesystem::path& extra_ca, std::chrono::milliseconds timeout)
    : executor_(std::move(executor)),
      target_(WebhookTarget::parse(url)),
      app_secret_(std::move(app_secret)),
      timeout_(timeout),
      tls_(ssl::context::tls_client) {
  tls_.set_default_verify_paths();
  if (!extra_ca.empty()) tls_.load_verify_file(extra_ca.string());
  tls_.set_verify_mode(ssl::verify_peer);
  tls_.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
}

std::string WebhookSender::signature(const std::string& body) const { return sign_body(app_secret_, body); }

template <class Stream>
net::awaitable<Attempt> WebhookSender::exchange(Stream& stream, const std::string& body) {
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  http::request<http::string_body> request{http::verb::post, target_.target, 11};
  bool default_port = target_.port == (target_.tls ? "443" : "80");
  request.set(http::field::host, default_port ? target_.host : target_.host + ":" + target_.port);
  request.set(http::field::user_agent, "facebookexternalua");
  request.set(http::field::accept, "*/*");
  request.set(http::field::content_type, "application/json");
  request.set("X-Hub-Signature", legacy_signature(app_secret_, body));
  request.set("X-Hub-Signature-256", sign_body(app_secret_, body));
  request.keep_alive(false);
  request.body() = body;
  request.prepare_payload();
  co_await http::async_write(stream, request, token);
  if (ec) co_return Attempt{0, "write: " + ec.message()};

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_answer_bytes);
  co_await http::async_read(stream, buffer, parser, token);
  // A status line that arrived counts even if the body was cut short.
  if (ec && !parser.is_header_done()) co_return Attempt{0, "read: " + ec.message()};
  co_return Attempt{parser.get().result_int(), {}};
}

net::awaitable<Attempt> WebhookSender::post(std::shared_ptr<const std::string> body) {
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  tcp::resolver resolver(executor_);
  auto addresses = co_await resolver.async_resolve(target_.host, target_.port, token);
  if (ec) co_return Attempt{0, "resolve: " + ec.message()};

  if (!target_.tls) {
    beast::tcp_stream stream(executor_);
    stream.expires_after(timeout_);
    co_await stream.async_connect(addresses, token);
    if (ec) co_return Attempt{0, "connect: " + ec.message()};
    auto attempt = co_await exchange(stream, *body);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    co_return attempt;
  }

  beast::ssl_stream<beast::tcp_stream> stream(executor_, tls_);
  // SNI and a certificate that must name this host, as Meta requires of
  // webhook endpoints. SSL_set_tlsext_host_name without its C cast.
  if (!SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                const_cast<char*>(target_.host.c_str()))) {
    co_return Attempt{0, "tls: cannot set the server name"};
  }
  stream.set_verify_callback(ssl::host_name_verification(target_.host));
  beast::get_lowest_layer(stream).expires_after(timeout_);
  co_await beast::get_lowest_layer(stream).async_connect(addresses, token);
  if (ec) co_return Attempt{0, "connect: " + ec.message()};
  co_await stream.async_handshake(ssl::stream_base::client, token);
  if (ec) co_return Attempt{0, "tls handshake: " + ec.message()};
  auto attempt = co_await exchange(stream, *body);
  // No close_notify exchange: the answer is in, and a peer that never
  // acknowledges it must not hold up the next attempt.
  beast::get_lowest_layer(stream).close();
  co_return attempt;
}

}  // namespace baton::sim
