#include "relay/api/router.hpp"

#include <boost/beast/http/field.hpp>
#include <chrono>
#include <map>
#include <string>
#include <utility>

#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/core/net.hpp"
#include "relay/http/client_address.hpp"
#include "relay/http/responses.hpp"

namespace baton {
namespace {

constexpr std::size_t api_body_limit = 64 * 1024;

// Both are remembered per area (and status) on the event loop's thread: a
// registry lookup builds its strings and takes a lock, on every request.
// Areas are short names, so a key never leaves the string's own storage.
metrics::Counter& request_counter(std::string_view area, unsigned status) {
  thread_local std::map<std::pair<std::string, unsigned>, metrics::Counter*> known;
  auto& counter = known[{std::string(area), status}];
  if (!counter) {
    counter = &metrics::registry().counter("baton_http_requests_total", "HTTP requests by area and status",
                                           "area=\"" + std::string(area) + "\",status=\"" + std::to_string(status) +
                                               "\"");
  }
  return *counter;
}

metrics::Histogram& request_seconds(std::string_view area) {
  thread_local std::map<std::string, metrics::Histogram*, std::less<>> known;
  auto it = known.find(area);
  if (it == known.end()) {
    auto& histogram = metrics::registry().histogram("baton_http_request_seconds", "Time to answer an HTTP request",
                                                    metrics::latency_buckets(), "area=\"" + std::string(area) + "\"");
    it = known.emplace(std::string(area), &histogram).first;
  }
  return *it->second;
}

// A proxy not named in --trusted-proxies makes every visitor one address
// for the limits: say so, but not for every request.
void warn_untrusted_proxy(const net::ip::address& peer) {
  static std::chrono::steady_clock::time_point next{};
  auto now = std::chrono::steady_clock::now();
  if (now < next) return;
  next = now + std::chrono::hours(1);
  log::warn(
      "requests carry X-Forwarded-For from a peer not in --trusted-proxies; every client behind it counts as "
      "one address for the limits",
      {{"peer", peer.to_string()}});
}

}  // namespace

bool Router::carries_file(std::string_view target) const {
  // POST /v1/sessions/{id}/attachments carries a file's bytes.
  auto path = target.substr(0, target.find('?'));
  return path.starts_with("/v1/sessions/") && path.ends_with("/attachments");
}

std::size_t Router::body_limit(std::string_view target) const {
  if (carries_file(target)) return std::size_t{config_.max_attachment_mb} * 1024 * 1024;
  return body_limit_for(target);
}

std::size_t Router::body_limit_for(std::string_view target) {
  return target.starts_with("/webhooks/") ? WebhookApi::max_body_bytes : api_body_limit;
}

Screening Router::screen(const RequestHeader& header, const Peer& peer) {
  std::string_view path = header.target();
  path = path.substr(0, path.find('?'));
  // Told apart as the routes are, by the decoded segments: on the raw text,
  // "/v1//admin/sessions" or "/v1/%61dmin/sessions" reached the admin API
  // without meeting --admin-allow (found on review). A target that does not
  // parse is refused by handle(), so the raw text only decides for it.
  auto target = Target::parse(header.target());
  bool admin = target ? target->starts_with({"v1", "admin"}) : path == "/v1/admin" || path.starts_with("/v1/admin/");
  bool webhook = target ? target->starts_with({"webhooks"}) : path.starts_with("/webhooks/");
  // A file's bytes are read only for someone who says which chat they are:
  // the token itself is checked once the body is in.
  if (carries_file(path) && header.method() == http::verb::post) {
    if (bearer_token(header).empty()) {
      Request bare;
      bare.version(header.version());
      request_counter("visitor", 401).inc();
      auto refusal = error_response(bare,
                                    ApiError{401, "missing_token", "send the session token as Authorization: Bearer"});
      refusal.set(http::field::www_authenticate, "Bearer");
      return {std::move(refusal)};
    }
  }
  if (!admin && !webhook) return {};
  auto client = client_address(peer, header, config_.trusted_proxies);
  const auto& allowed = admin ? config_.admin_allow : config_.webhook_allow;
  Request bare;
  bare.version(header.version());
  if (!allowed.empty() && !any_contains(allowed, client)) {
    log::warn("request from an address not allowed",
              {{"area", admin ? "admin" : "webhook"}, {"address", client.to_string()}});
    request_counter(admin ? "admin" : "webhook", 403).inc();
    return {error_response(bare, ApiError{403, "address_not_allowed",
                                          std::string("this address may not use the ") +
                                              (admin ? "admin API (--admin-allow)" : "webhook (--webhook-allow)")})};
  }
  if (webhook && header.method() == http::verb::post && header.find("X-Hub-Signature-256") == header.end()) {
    request_counter("webhook", 401).inc();
    return {error_response(bare, ApiError{401, "invalid_signature", "X-Hub-Signature-256 is missing"})};
  }
  return {};
}

net::awaitable<Reply> Router::handle(const Request& request, const Peer& peer) {
  auto started = std::chrono::steady_clock::now();
  auto client = client_key(peer, request, config_.trusted_proxies);
  if (request.count("X-Forwarded-For") > 0 && !any_contains(config_.trusted_proxies, peer.address)) {
    warn_untrusted_proxy(peer.address);
  }
  std::string_view area = "static";
  Response response;
  auto target = Target::parse(request.target());
  if (!target) {
    area = "invalid";
    response = error_response(request, ApiError{400, "invalid_target", "the request target is not a valid path"});
  } else if (auto visitor = co_await visitor_.handle(request, *target, client)) {
    area = "visitor";
    response = std::move(*visitor);
  } else if (auto webhook = co_await webhook_.handle(request, *target)) {
    area = "webhook";
    response = std::move(*webhook);
  } else if (auto admin = co_await admin_.handle(request, *target, client)) {
    area = "admin";
    response = std::move(*admin);
  } else if (target->is({"healthz"})) {
    area = "ops";
    // A load balancer takes a relay that cannot store anything out of
    // rotation. A WhatsApp account that cannot send is every relay's
    // problem: they keep serving (the assistant, the other ways), and say so.
    if (store_.writes_failing()) {
      response = text_response(request, 503, "degraded: the last write to the database failed");
    } else if (!hub_.linked()) {
      // The relay still serves its own tabs, and they re-read what they
      // missed once the link is back: out of rotation would be worse.
      response = text_response(request, 200, "degraded: the link to the other relays (--hub) is down");
    } else if (auto reason = whatsapp_.degraded_reason(); !reason.empty()) {
      response = text_response(request, 200, "degraded: " + reason);
    } else {
      response = text_response(request, 200, "ok");
    }
  } else if (target->is({"metrics"})) {
    area = "ops";
    response = text_response(request, 200, metrics::registry().render(), "text/plain; version=0.0.4");
  } else if (request.method() != http::verb::get && request.method() != http::verb::head) {
    response = error_response(request, ApiError{405, "method_not_allowed", "static files answer GET and HEAD"});
    response.set(http::field::allow, "GET, HEAD");
  } else if (auto file = files_.serve(request)) {
    // The widget's wasm is fetched from the site's origin: allowed sites
    // get CORS headers on static files too.
    response = std::move(*file);
    cors_.decorate(request, response);
  } else {
    response = error_response(request, ApiError{404, "not_found", "nothing here"});
  }
  // Behind https (a TLS proxy in front), browsers are told to stay on it.
  if (config_.public_url.starts_with("https://")) {
    response.set(http::field::strict_transport_security, "max-age=31536000");
  }
  request_counter(area, response.result_int()).inc();
  request_seconds(area).observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  co_return response;
}

}  // namespace baton
