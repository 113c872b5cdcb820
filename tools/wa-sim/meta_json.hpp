#pragma once
// JSON bytes as Meta's webhook sender writes them: compact, and every
// non-ASCII character escaped as \uXXXX with lowercase hex (a surrogate pair
// above U+FFFF). The signature covers these exact bytes, so a receiver that
// re-serialises the parsed body computes a different MAC as soon as a user
// types an accent or an emoji, just as it would against Meta.

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace baton::sim {

// `escape_slashes` also writes "/" as "\/" (PHP's default, which some
// receivers trip over); off unless --escape-slashes on.
std::string serialize_meta(const boost::json::value& value, bool escape_slashes = false);

// The same transformation applied to compact JSON text. Bytes that are not
// valid UTF-8 become \ufffd.
std::string escape_non_ascii(std::string_view json, bool escape_slashes = false);

}  // namespace baton::sim
