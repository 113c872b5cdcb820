#pragma once
// Building answers: JSON with the right headers, the contract's error shape,
// plain text. API answers are never cached.

#include <boost/json/value.hpp>
#include <string_view>

#include "relay/http/api_error.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

Response json_response(const Request& request, unsigned status, const boost::json::value& body);
Response error_response(const Request& request, const ApiError& error);
// 405 naming the methods the target takes ("GET, PUT, DELETE"), also in Allow.
Response method_not_allowed(const Request& request, std::string_view allow);
Response text_response(const Request& request, unsigned status, std::string_view text,
                       std::string_view content_type = "text/plain; charset=utf-8");

// The bearer token of an Authorization header, or empty. A header alone
// will do: an upload is screened before its body is read.
std::string_view bearer_token(const boost::beast::http::request_header<>& header);

}  // namespace baton
