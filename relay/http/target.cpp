#include "relay/http/target.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

namespace baton {

std::optional<Target> Target::parse(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  Target t;
  for (auto segment : url->segments()) {
    // A percent-encoded '/', '\' or NUL never names anything here; passed
    // on, it would split or end a path where the router did not see it.
    if (segment.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) return std::nullopt;
    if (!segment.empty()) t.segments.push_back(std::string(segment));
  }
  for (auto param : url->params()) t.query.emplace(std::string(param.key), std::string(param.value));
  return t;
}

bool Target::is(std::initializer_list<std::string_view> path) const {
  return segments.size() == path.size() && std::equal(path.begin(), path.end(), segments.begin());
}

bool Target::starts_with(std::initializer_list<std::string_view> path) const {
  return segments.size() >= path.size() && std::equal(path.begin(), path.end(), segments.begin());
}

std::optional<std::string> Target::param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

}  // namespace baton
