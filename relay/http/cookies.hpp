#pragma once
// Cookies of a request (RFC 6265 "Cookie: a=1; b=2"), read without
// allocating for the ones not asked for.

#include <optional>
#include <string_view>

#include "relay/http/http_types.hpp"

namespace baton {

// The value of the first cookie named `name`, if the request sends one.
std::optional<std::string_view> cookie_value(const Request& request, std::string_view name);

}  // namespace baton
