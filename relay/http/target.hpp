#pragma once
// A request target split into decoded path segments and query parameters.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

struct Target {
  std::vector<std::string> segments;  // "/v1/sessions/x" -> {"v1", "sessions", "x"}
  std::map<std::string, std::string> query;

  // Nothing if the target is not a valid origin-form URL, or a path segment
  // decodes to something holding '/', '\' or NUL.
  static std::optional<Target> parse(std::string_view target);

  bool is(std::initializer_list<std::string_view> path) const;
  // The path begins with these segments ("/v1/admin/sessions" begins with {"v1", "admin"}).
  bool starts_with(std::initializer_list<std::string_view> path) const;
  std::optional<std::string> param(const std::string& name) const;
};

}  // namespace baton
