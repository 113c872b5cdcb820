// Request targets as they come off the wire, before any route is chosen:
// the path split into decoded segments, the query into parameters, and the
// body limit picked from it. Never a crash; a decoded segment never holds a
// '/', '\' or NUL (a "%2F" must not reach a route as a path separator).

#include <cstdint>
#include <string_view>

#include "relay/api/router.hpp"
#include "relay/http/target.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view target(reinterpret_cast<const char*>(data), size);
  (void)baton::Router::body_limit_for(target);
  auto parsed = baton::Target::parse(target);
  if (!parsed) return 0;
  for (const auto& segment : parsed->segments) {
    BATON_FUZZ_REQUIRE(segment.find_first_of(std::string_view("/\\\0", 3)) == std::string::npos);
  }
  for (const auto& [name, value] : parsed->query) {
    auto found = parsed->param(name);
    BATON_FUZZ_REQUIRE(found && *found == value);
  }
  (void)parsed->is({"v1", "sessions"});
  (void)parsed->param("after");
  return 0;
}
