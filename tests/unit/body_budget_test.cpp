// What a request's body holds of the server's body budget
// (relay/http/body_budget.hpp), from its header to its answer.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "relay/http/body_budget.hpp"

using baton::body_bytes_to_hold;

TEST_CASE("body budget: a body holds its declared length, or its route's limit when chunked") {
  constexpr std::size_t limit = 64 * 1024;
  CHECK(body_bytes_to_hold(500, false, limit) == 500);
  CHECK(body_bytes_to_hold(limit, false, limit) == limit);
  CHECK(body_bytes_to_hold(std::nullopt, true, limit) == limit);
  CHECK(body_bytes_to_hold(std::nullopt, false, limit) == 0);
  CHECK(body_bytes_to_hold(0, false, limit) == 0);
}

TEST_CASE("body budget: a declared length over the limit, refused unread, holds nothing while its 413 is written") {
  constexpr std::size_t limit = 64 * 1024;
  CHECK(body_bytes_to_hold(limit + 1, false, limit) == 0);
  CHECK(body_bytes_to_hold(1'000'000'000'000, false, limit) == 0);
  // Near 2^64 it would have wrapped the server's count around.
  CHECK(body_bytes_to_hold(std::numeric_limits<std::uint64_t>::max(), false, limit) == 0);
}
