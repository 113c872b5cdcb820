#pragma once
// RFC 3339 timestamps in UTC with millisecond precision, the form every JSON
// answer of the relay uses ("2026-11-25T13:36:26.123Z").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton {

std::string format_rfc3339(std::int64_t unix_ms);

// Accepts "Z" or a numeric offset and optional fractional seconds.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace baton
