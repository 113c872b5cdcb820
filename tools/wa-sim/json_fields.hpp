#pragma once
// Typed lookups into untrusted JSON objects: absent and wrongly typed fields
// both come back empty, so callers cannot throw on what a client sent.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string_view>

namespace baton::sim::fields {

inline const boost::json::value* find(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

inline const boost::json::object* object_at(const boost::json::object& o, std::string_view key) {
  const auto* v = find(o, key);
  return v ? v->if_object() : nullptr;
}

inline const boost::json::array* array_at(const boost::json::object& o, std::string_view key) {
  const auto* v = find(o, key);
  return v ? v->if_array() : nullptr;
}

inline std::optional<std::string_view> string_at(const boost::json::object& o, std::string_view key) {
  const auto* v = find(o, key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

inline std::string_view string_or(const boost::json::object& o, std::string_view key, std::string_view fallback = {}) {
  return string_at(o, key).value_or(fallback);
}

// Absent or null both mean "not given".
inline bool given(const boost::json::object& o, std::string_view key) {
  const auto* v = find(o, key);
  return v && !v->is_null();
}

}  // namespace baton::sim::fields
