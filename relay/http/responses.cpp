#include "relay/http/responses.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

#include "relay/core/net.hpp"

namespace baton {

Response text_response(const Request& request, unsigned status, std::string_view text, std::string_view content_type) {
  Response response{static_cast<http::status>(status), request.version()};
  response.set(http::field::server, "baton");
  response.set(http::field::content_type, content_type);
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.keep_alive(request.keep_alive());
  response.body() = std::string(text);
  response.prepare_payload();
  return response;
}

Response json_response(const Request& request, unsigned status, const boost::json::value& body) {
  return text_response(request, status, boost::json::serialize(body), "application/json");
}

Response error_response(const Request& request, const ApiError& error) {
  boost::json::object body{{"error", boost::json::object{{"code", error.code}, {"message", error.message}}}};
  return json_response(request, error.status, body);
}

std::string_view bearer_token(const boost::beast::http::request_header<>& header) {
  auto it = header.find(http::field::authorization);
  if (it == header.end()) return {};
  std::string_view value = it->value();
  constexpr std::string_view scheme = "Bearer ";
  if (value.size() <= scheme.size()) return {};
  // The scheme is case-insensitive (RFC 7235).
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    char c = value[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    char s = scheme[i];
    if (s >= 'A' && s <= 'Z') s = static_cast<char>(s - 'A' + 'a');
    if (c != s) return {};
  }
  value.remove_prefix(scheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return value;
}

Response method_not_allowed(const Request& request, std::string_view allow) {
  auto response = error_response(request, ApiError{405, "method_not_allowed", "use " + std::string(allow)});
  response.set(http::field::allow, allow);
  return response;
}

}  // namespace baton
