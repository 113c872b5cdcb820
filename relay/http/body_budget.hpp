#pragma once
// What a request's body holds of the server's body budget (ServerLimits),
// from its header to its answer.

#include <cstddef>
#include <cstdint>
#include <optional>

namespace baton {

// Its declared length, or its route's limit when it comes chunked; nothing
// for no body, and nothing for a declared length over the limit: that body
// is refused unread (413), and while the refusal is written its length
// must not count (found on review: a header claiming a terabyte made every
// other body wait for 503 until the 413 was through).
inline std::size_t body_bytes_to_hold(std::optional<std::uint64_t> declared, bool chunked, std::size_t limit) {
  if (declared) return *declared > limit ? 0 : static_cast<std::size_t>(*declared);
  return chunked ? limit : 0;
}

}  // namespace baton
