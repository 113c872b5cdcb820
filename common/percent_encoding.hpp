#pragma once
// Percent-encoding (RFC 3986) for URLs both sides build: the wa.me link's
// prefilled text on the relay, the widget's data: URL of a calendar file.

#include <optional>
#include <string>
#include <string_view>

namespace baton {

// Every byte but the unreserved A-Z a-z 0-9 - . _ ~ (and those in
// `also_plain`) becomes %XX, upper-case hex.
std::string percent_encode(std::string_view text, std::string_view also_plain = {});

// The bytes %XX stands for (any other byte kept as it is); nullopt for a
// '%' not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace baton
