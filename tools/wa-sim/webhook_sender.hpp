#pragma once
// One delivery attempt of a webhook, as Meta makes it: a POST with the
// signed bytes (X-Hub-Signature-256, and the legacy SHA-1 X-Hub-Signature),
// User-Agent facebookexternalua, a fresh connection, verified TLS for https
// URLs, and a time limit on the whole attempt.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace baton::sim {

struct WebhookTarget {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // path and query

  // Throws std::invalid_argument for anything but http(s)://host[:port][/path][?query].
  static WebhookTarget parse(const std::string& url);
};

struct Attempt {
  unsigned status = 0;  // 0: no HTTP answer
  std::string error;    // why there was none
};

class WebhookSender {
 public:
  // Throws std::invalid_argument for a bad URL, boost::system::system_error for a CA file
  // that cannot be loaded.
  WebhookSender(boost::asio::any_io_executor executor, const std::string& url, std::string app_secret,
                const std::filesystem::path& extra_ca, std::chrono::milliseconds timeout);

  boost::asio::awaitable<Attempt> post(std::shared_ptr<const std::string> body);

  // The X-Hub-Signature-256 value of `body`.
  std::string signature(const std::string& body) const;

 private:
  template <class Stream>
  boost::asio::awaitable<Attempt> exchange(Stream& stream, const std::string& body);

  boost::asio::any_io_executor executor_;
  WebhookTarget target_;
  std::string app_secret_;
  std::chrono::milliseconds timeout_;
  boost::asio::ssl::context tls_;
};

}  // namespace baton::sim
