#include "tools/wa-sim/webhook_sender.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

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

WebhookSender::WebhookSender(const std::string& url, std::string app_secret, const std::filesystem::path& extra_ca,
                             std::chrono::milliseconds timeout)
    : endpoint_(HttpEndpoint::parse(url)),
      app_secret_(std::move(app_secret)),
      timeout_(timeout),
      tls_(make_client_tls(extra_ca)) {}

std::string WebhookSender::signature(const std::string& body) const { return sign_body(app_secret_, body); }

net::awaitable<Attempt> WebhookSender::post(std::shared_ptr<const std::string> body) {
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  // A fresh connection for every attempt, as Meta makes them; for https,
  // SNI and a certificate that must name the host.
  ClientStream connection;
  auto failed_step = co_await connection.open(endpoint_, tls_, timeout_, ec);
  if (ec) co_return Attempt{0, failed_step + ": " + ec.message()};
  connection.tcp().expires_at(deadline);

  http::request<http::string_body> request{http::verb::post, endpoint_.target(), 11};
  request.set(http::field::host, endpoint_.host_header());
  request.set(http::field::user_agent, "facebookexternalua");
  request.set(http::field::accept, "*/*");
  request.set(http::field::content_type, "application/json");
  request.set("X-Hub-Signature", legacy_signature(app_secret_, *body));
  request.set("X-Hub-Signature-256", sign_body(app_secret_, *body));
  request.keep_alive(false);
  request.body() = *body;
  request.prepare_payload();
  co_await connection.with([&](auto& stream) { return http::async_write(stream, request, token); });
  if (ec) co_return Attempt{0, "write: " + ec.message()};

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_answer_bytes);
  co_await connection.with([&](auto& stream) { return http::async_read(stream, buffer, parser, token); });
  // A status line that arrived counts even if the body was cut short. No
  // close_notify exchange: the answer is in, and a peer that never
  // acknowledges it must not hold up the next attempt.
  connection.tcp().close();
  if (ec && !parser.is_header_done()) co_return Attempt{0, "read: " + ec.message()};
  co_return Attempt{parser.get().result_int(), {}};
}

}  // namespace baton::sim
