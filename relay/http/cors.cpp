#include "relay/http/cors.hpp"

#include <algorithm>
#include <boost/beast/http/field.hpp>

#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/responses.hpp"

namespace baton {

Cors::Cors(std::vector<std::string> allowed, std::string own_origin) : own_(std::move(own_origin)) {
  set_allowed(std::move(allowed));
}

void Cors::set_allowed(std::vector<std::string> allowed) {
  allowed_ = std::move(allowed);
  any_ = std::find(allowed_.begin(), allowed_.end(), "*") != allowed_.end();
  allowed_.push_back(own_);
}

std::vector<std::string> Cors::allowed() const { return {allowed_.begin(), allowed_.end() - 1}; }

bool Cors::allows(std::string_view origin) const {
  if (origin.empty() || any_) return true;
  return std::find(allowed_.begin(), allowed_.end(), origin) != allowed_.end();
}

std::string_view Cors::origin_of(const Request& request) {
  auto it = request.find(http::field::origin);
  return it == request.end() ? std::string_view() : std::string_view(it->value());
}

void Cors::decorate(const Request& request, Response& response) const {
  auto origin = origin_of(request);
  response.set(http::field::vary, "Origin");
  if (origin.empty() || !allows(origin)) return;
  // The exact origin, never "*": tokens travel in Authorization headers.
  response.set(http::field::access_control_allow_origin, origin);
  response.set(http::field::access_control_expose_headers, "Retry-After");
}

Response Cors::preflight(const Request& request) const {
  auto origin = origin_of(request);
  if (!allows(origin)) return refuse(request);
  auto response = text_response(request, 204, "");
  decorate(request, response);
  response.set(http::field::access_control_allow_methods, "GET, POST, DELETE, OPTIONS");
  response.set(http::field::access_control_allow_headers, "Authorization, Content-Type, X-File-Name");
  response.set(http::field::access_control_max_age, "600");
  return response;
}

ApiError Cors::refuse(std::string_view origin) const {
  // What a browser sent is shown as it came, only cut short: a log line and
  // a message, never markup.
  std::string shown(origin.substr(0, 200));
  {
    std::lock_guard lock(refusals_->mutex);
    auto now = std::chrono::steady_clock::now();
    auto& last = refusals_->last;
    auto it = last.find(shown);
    if (it == last.end() || now - it->second >= std::chrono::minutes(1)) {
      // Bounded: a flood of made-up origins keeps at most 1,000 entries.
      if (last.size() >= 1000) last.clear();
      last[shown] = now;
      log::warn(
          "a site's origin was refused: add it to --allowed-origins or on the admin page if the widget "
          "belongs there",
          {{"origin", shown}});
    }
  }
  return ApiError{403, "origin_not_allowed",
                  "this site (" + shown +
                      ") may not use the chat relay: neither the relay's --allowed-origins nor its admin page names "
                      "it"};
}

Response Cors::refuse(const Request& request) const {
  auto origin = origin_of(request);
  auto response = error_response(request, refuse(origin));
  response.set(http::field::vary, "Origin");
  if (!origin.empty()) response.set(http::field::access_control_allow_origin, origin);
  return response;
}

}  // namespace baton
