#pragma once
// A JSON object's fields, written straight into its text: for what the relay
// writes for every webhook and every delivered message (the admin feed's
// lines, the live stream's message frames). Built as Boost.JSON trees and
// then serialized, those were a tenth of the event loop's work per webhook
// (docs/benchmarks.md). Keys are the code's own; values are escaped as JSON
// strings or written as numbers.

#include <boost/json/object.hpp>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace baton {

// Whole numbers: counts, sequence numbers, times (not a flag, not a letter).
template <class T>
concept JsonInteger = std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char>;

class JsonWriter {
 public:
  JsonWriter() = default;
  // The fields of a JSON object, in its order (for events built as trees).
  explicit JsonWriter(const boost::json::object& fields);

  JsonWriter& add(std::string_view key, std::string_view text);
  JsonWriter& add(std::string_view key, const char* text) { return add(key, std::string_view(text)); }
  JsonWriter& add(std::string_view key, const std::string& text) { return add(key, std::string_view(text)); }
  template <JsonInteger Number>
  JsonWriter& add(std::string_view key, Number number) {
    if constexpr (std::is_signed_v<Number>) return add_integer(key, static_cast<std::int64_t>(number));
    else return add_unsigned(key, static_cast<std::uint64_t>(number));
  }
  JsonWriter& add(std::string_view key, double number);
  // A value already encoded as JSON: an array of items, say.
  JsonWriter& add_json(std::string_view key, std::string_view encoded);
  // Another event's fields, after these (none if it has none).
  JsonWriter& add_json_members(const JsonWriter& other);

  // "{...}": the fields as one JSON object.
  std::string object() const& { return "{" + members_ + "}"; }
  std::string object() && {
    members_.insert(members_.begin(), '{');
    members_ += '}';
    return std::move(members_);
  }

 private:
  JsonWriter& add_integer(std::string_view key, std::int64_t number);
  JsonWriter& add_unsigned(std::string_view key, std::uint64_t number);
  // The key, after a comma if a field came before.
  void start(std::string_view key);

  std::string members_;
};

}  // namespace baton
