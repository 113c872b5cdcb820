#include "relay/core/json_writer.hpp"

#include <array>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

namespace baton {

namespace {

// `text` as a JSON string, quotes included.
void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          out += "\\u00";
          out += hex[byte >> 4];
          out += hex[byte & 0xF];
      }
    } else {
      // UTF-8 goes as it is, as Boost.JSON's serializer writes it.
      out += c;
    }
  }
  out += '"';
}

// A whole or real number as JSON writes it (the shortest form that reads back).
void append_number(std::string& out, auto number) {
  std::array<char, 32> digits{};
  auto end = std::to_chars(digits.data(), digits.data() + digits.size(), number).ptr;
  out.append(digits.data(), end);
}

}  // namespace

JsonWriter::JsonWriter(const boost::json::object& fields) {
  for (const auto& field : fields) add_json(field.key(), boost::json::serialize(field.value()));
}

void JsonWriter::start(std::string_view key) {
  if (!members_.empty()) members_ += ',';
  append_json_string(members_, key);
  members_ += ':';
}

JsonWriter& JsonWriter::add(std::string_view key, std::string_view text) {
  start(key);
  append_json_string(members_, text);
  return *this;
}

JsonWriter& JsonWriter::add_integer(std::string_view key, std::int64_t number) {
  start(key);
  append_number(members_, number);
  return *this;
}

JsonWriter& JsonWriter::add_unsigned(std::string_view key, std::uint64_t number) {
  start(key);
  append_number(members_, number);
  return *this;
}

JsonWriter& JsonWriter::add(std::string_view key, double number) {
  start(key);
  // JSON has no infinity or NaN.
  if (!std::isfinite(number)) {
    members_ += "null";
    return *this;
  }
  append_number(members_, number);
  return *this;
}

JsonWriter& JsonWriter::add_json(std::string_view key, std::string_view encoded) {
  start(key);
  members_ += encoded;
  return *this;
}

JsonWriter& JsonWriter::add_json_members(const JsonWriter& other) {
  if (other.members_.empty()) return *this;
  if (!members_.empty()) members_ += ',';
  members_ += other.members_;
  return *this;
}

}  // namespace baton
