#pragma once
// Base64 with '=' padding, in the standard or the URL-safe alphabet.

#include <string>
#include <string_view>

namespace baton::sim {

std::string base64(std::string_view bytes, bool url_safe = false);

}  // namespace baton::sim
