#include "relay/http/client_stream.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>
#include <memory>
#include <stdexcept>

#include "relay/core/net.hpp"

namespace baton {

HttpEndpoint HttpEndpoint::parse(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->host().empty()) {
    throw std::invalid_argument("not an http(s) URL: " + url);
  }
  if (parsed->has_userinfo()) throw std::invalid_argument("credentials in the URL are not accepted");
  HttpEndpoint e;
  e.tls = parsed->scheme() == "https";
  e.host = parsed->host_address();
  e.port = parsed->has_port() ? std::string(parsed->port()) : (e.tls ? "443" : "80");
  e.path = std::string(parsed->encoded_path());
  if (e.path.empty()) e.path = "/";
  e.base_path = e.path;
  while (!e.base_path.empty() && e.base_path.back() == '/') e.base_path.pop_back();
  if (parsed->has_query()) e.query = std::string(parsed->encoded_query());
  return e;
}

namespace {

// An IPv6 address in brackets, as URLs and Host headers write it.
std::string url_host(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

}  // namespace

std::string HttpEndpoint::host_header() const {
  return port == (tls ? "443" : "80") ? url_host(host) : url_host(host) + ":" + port;
}

std::string HttpEndpoint::target() const { return query.empty() ? path : path + "?" + query; }

std::string HttpEndpoint::origin() const { return (tls ? "https://" : "http://") + url_host(host) + ":" + port; }

bool HttpEndpoint::loopback() const { return host == "localhost" || host == "::1" || host.starts_with("127."); }

ssl::context make_client_tls(const std::filesystem::path& extra_ca) {
  ssl::context tls(ssl::context::tls_client);
  tls.set_default_verify_paths();
  if (!extra_ca.empty()) tls.load_verify_file(extra_ca.string());
  tls.set_verify_mode(ssl::verify_peer);
  tls.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  return tls;
}

bool ClientStream::is_open() { return (secure_ || plain_) && tcp().socket().is_open(); }

beast::tcp_stream& ClientStream::tcp() { return secure_ ? beast::get_lowest_layer(*secure_) : *plain_; }

net::awaitable<std::string> ClientStream::open(const HttpEndpoint& endpoint, ssl::context& tls,
                                               std::chrono::milliseconds timeout, beast::error_code& ec) {
  auto executor = co_await net::this_coro::executor;
  auto token = net::redirect_error(net::use_awaitable, ec);
  plain_.reset();
  secure_.reset();
  // Name lookups have no time limit of their own. The deadline's handler
  // may already be queued when the lookup completes and this frame ends, so
  // it holds the resolver weakly rather than by reference.
  auto resolver = std::make_shared<tcp::resolver>(executor);
  net::steady_timer deadline(executor);
  deadline.expires_after(timeout);
  deadline.async_wait([weak = std::weak_ptr<tcp::resolver>(resolver)](const beast::error_code& e) {
    if (e) return;
    if (auto r = weak.lock()) r->cancel();
  });
  auto addresses = co_await resolver->async_resolve(endpoint.host, endpoint.port, token);
  deadline.cancel();
  if (ec) co_return "resolve";
  if (endpoint.tls) {
    secure_.emplace(executor, tls);
    // SNI (SSL_set_tlsext_host_name without its C cast), and a certificate
    // that must name this host.
    if (!SSL_ctrl(secure_->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char*>(endpoint.host.c_str()))) {
      ec = beast::error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category());
      co_return "sni";
    }
    secure_->set_verify_callback(ssl::host_name_verification(endpoint.host));
  } else {
    plain_.emplace(executor);
  }
  tcp().expires_after(timeout);
  co_await tcp().async_connect(addresses, token);
  if (ec) co_return "connect";
  if (secure_) {
    co_await secure_->async_handshake(ssl::stream_base::client, token);
    if (ec) co_return "tls handshake";
  }
  co_return std::string();
}

}  // namespace baton
