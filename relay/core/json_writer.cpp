#include "relay/core/json_writer.hpp"

#include <cstring>

#include <array>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

namespace baton {

namespace {

// Whether one of the eight bytes of `word` must be escaped in a JSON string:
// below 0x20, a quote or a backslash. Each test is exact for the word as a
// whole (a byte's borrow can only mark bytes above one that matched).
bool word_needs_escape(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  auto has_zero_byte = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
  auto below_space = (word - ones * 0x20) & ~word & highs;
  return (below_space | has_zero_byte(word ^ (ones * '"')) | has_zero_byte(word ^ (ones * '\\'))) != 0;
}

// `text` as a JSON string, quotes included. Runs that need no escape are
// appended whole, and looked for eight bytes at a time: a feed line is
// mostly such runs, and a byte at a time was most of writing one.
void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;  // where the run not yet appended starts
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.size() - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (!word_needs_escape(word)) {
        i += 8;
        continue;
      }
    }
    auto byte = static_cast<unsigned char>(text[i]);
    // UTF-8 goes as it is, as Boost.JSON's serializer writes it.
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      ++i;
      continue;
    }
    out.append(text.data() + plain, i - plain);
    plain = ++i;
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[byte >> 4];
        out += hex[byte & 0xF];
    }
  }
  out.append(text.data() + plain, text.size() - plain);
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
