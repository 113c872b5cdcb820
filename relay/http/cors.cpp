#include "relay/http/cors.hpp"

#include <algorithm>
#include <boost/beast/http/field.hpp>

#include "relay/core/net.hpp"
#include "relay/http/responses.hpp"

namespace baton {

Cors::Cors(std::vector<std::string> allowed, std::string own_origin) : allowed_(std::move(allowed)) {
  any_ = std::find(allowed_.begin(), allowed_.end(), "*") != allowed_.end();
  allowed_.push_back(std::move(own_origin));
}

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
  if (!allows(origin)) {
    return error_response(request, ApiError{403, "origin_not_allowed", "this site may not use the chat relay"});
  }
  auto response = text_response(request, 204, "");
  decorate(request, response);
  response.set(http::field::access_control_allow_methods, "GET, POST, DELETE, OPTIONS");
  response.set(http::field::access_control_allow_headers, "Authorization, Content-Type");
  response.set(http::field::access_control_max_age, "600");
  return response;
}

}  // namespace baton
