#pragma once
// Percent-encoding (RFC 3986) for URLs both sides build: the wa.me link's
// prefilled text on the relay, the widget's data: URL of a calendar file.

#include <string>
#include <string_view>

namespace baton {

// Every byte but the unreserved A-Z a-z 0-9 - . _ ~ (and those in
// `also_plain`) becomes %XX, upper-case hex.
std::string percent_encode(std::string_view text, std::string_view also_plain = {});

}  // namespace baton
