#include "relay/api/router.hpp"

#include <boost/beast/http/field.hpp>
#include <chrono>

#include "relay/core/metrics.hpp"
#include "relay/core/net.hpp"
#include "relay/http/responses.hpp"

namespace baton {
namespace {

constexpr std::size_t api_body_limit = 64 * 1024;

metrics::Counter& request_counter(std::string_view area, unsigned status) {
  return metrics::registry().counter("baton_http_requests_total", "HTTP requests by area and status",
                                     "area=\"" + std::string(area) + "\",status=\"" + std::to_string(status) + "\"");
}

metrics::Histogram& request_seconds(std::string_view area) {
  return metrics::registry().histogram("baton_http_request_seconds", "Time to answer an HTTP request",
                                       metrics::latency_buckets(), "area=\"" + std::string(area) + "\"");
}

}  // namespace

std::size_t Router::body_limit_for(std::string_view target) {
  return target.starts_with("/webhooks/") ? WebhookApi::max_body_bytes : api_body_limit;
}

net::awaitable<Reply> Router::handle(const Request& request) {
  auto started = std::chrono::steady_clock::now();
  std::string_view area = "static";
  Response response;
  auto target = Target::parse(request.target());
  if (!target) {
    area = "invalid";
    response = error_response(request, ApiError{400, "invalid_target", "the request target is not a valid path"});
  } else if (auto visitor = co_await visitor_.handle(request, *target)) {
    area = "visitor";
    response = std::move(*visitor);
  } else if (auto webhook = co_await webhook_.handle(request, *target)) {
    area = "webhook";
    response = std::move(*webhook);
  } else if (auto admin = co_await admin_.handle(request, *target)) {
    area = "admin";
    response = std::move(*admin);
  } else if (target->is({"healthz"})) {
    area = "ops";
    response = text_response(request, 200, "ok");
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
  request_counter(area, response.result_int()).inc();
  request_seconds(area).observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  co_return response;
}

}  // namespace baton
