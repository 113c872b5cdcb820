#include "relay/assistant/model/unsure_filter.hpp"

#include <utility>

#include "relay/assistant/model/model_prompt.hpp"

namespace baton {
namespace {

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  return s;
}

}  // namespace

std::string UnsureFilter::feed(std::string_view delta) {
  if (decided_) return unsure_ ? std::string() : std::string(delta);
  held_ += delta;
  auto start = trim_left(held_);
  if (start.empty()) return {};
  if (start.size() < unsure_marker.size()) {
    if (unsure_marker.starts_with(start)) return {};  // could still become the marker
  } else if (start.starts_with(unsure_marker)) {
    decided_ = true;
    unsure_ = true;
    return {};
  }
  decided_ = true;
  return std::exchange(held_, {});
}

bool is_unsure_reply(std::string_view reply) {
  auto s = trim_left(reply);
  return s.starts_with(unsure_marker);
}

}  // namespace baton
