#pragma once
// The client side of an HTTP connection to another service (the Cloud API,
// a model server): plain or TLS, and when TLS, always with SNI, host-name
// verification and verify_peer against the system CAs plus an optional
// extra CA.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace baton {

struct HttpEndpoint {
  bool tls = true;
  std::string host;
  std::string port;
  std::string base_path;  // "/v23.0", "/v1"; no trailing slash
  std::string path;       // as written, "/" if empty: the whole target of a one-URL endpoint (a webhook)
  std::string query;      // kept for each request ("api-version=..."), without "?"

  // Throws std::invalid_argument for anything but http(s)://host[:port][/path][?query];
  // credentials in the URL are refused (they would end up in logs).
  static HttpEndpoint parse(const std::string& url);

  // The Host header: the port only when it is not the scheme's own.
  std::string host_header() const;
  // `path` and the query: what a request to the URL itself asks for.
  std::string target() const;
  // "https://host:port": where a secret may go, and what logs may show.
  std::string origin() const;
  // 127.0.0.0/8, ::1 or localhost: plain HTTP never leaves the machine.
  bool loopback() const;
};

// TLS 1.2 or later, verify_peer, the system CAs and `extra_ca` if given.
boost::asio::ssl::context make_client_tls(const std::filesystem::path& extra_ca);

class ClientStream {
 public:
  bool is_open();
  boost::beast::tcp_stream& tcp();

  // Resolves, connects and, for https, completes the TLS handshake. On
  // failure `ec` is set and the result names the step that failed.
  boost::asio::awaitable<std::string> open(const HttpEndpoint& endpoint, boost::asio::ssl::context& tls,
                                           std::chrono::milliseconds timeout, boost::beast::error_code& ec);

  // Runs `op(stream)` on whichever stream is open; both kinds give the same
  // awaitable type for Beast's read and write operations.
  template <class Op>
  auto with(Op&& op) {
    return secure_ ? op(*secure_) : op(*plain_);
  }

 private:
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> secure_;
};

}  // namespace baton
