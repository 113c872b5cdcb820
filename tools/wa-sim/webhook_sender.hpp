#pragma once
// One delivery attempt of a webhook, as Meta makes it: a POST with the
// signed bytes (X-Hub-Signature-256, and the legacy SHA-1 X-Hub-Signature),
// User-Agent facebookexternalua, a fresh connection, verified TLS for https
// URLs, and a time limit on the whole attempt.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "relay/http/client_stream.hpp"

namespace baton::sim {

struct Attempt {
  unsigned status = 0;  // 0: no HTTP answer
  std::string error;    // why there was none
};

class WebhookSender {
 public:
  // Throws std::invalid_argument for a bad URL, boost::system::system_error for a CA file
  // that cannot be loaded.
  WebhookSender(const std::string& url, std::string app_secret, const std::filesystem::path& extra_ca,
                std::chrono::milliseconds timeout);

  boost::asio::awaitable<Attempt> post(std::shared_ptr<const std::string> body);

  // The X-Hub-Signature-256 value of `body`.
  std::string signature(const std::string& body) const;

 private:
  HttpEndpoint endpoint_;
  std::string app_secret_;
  std::chrono::milliseconds timeout_;
  boost::asio::ssl::context tls_;
};

}  // namespace baton::sim
