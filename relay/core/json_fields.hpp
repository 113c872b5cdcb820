#pragma once
// Reading one field of a JSON object that a request or a stored setting
// sent: the shapes every reader of such objects needs alike.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace baton {

// A string field's text; empty when it is absent or not a string.
inline std::string text_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace baton
