#pragma once
// Small JSON helpers over rapidjson for the widget: reading the relay's REST
// answers and writing its requests. Readers never assert on unexpected
// shapes; they return empty values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "common/attachment.hpp"

namespace baton::client::json {

// The widget's parsers keep numbers as their text (read back by integer_at):
// the widget reads only integers, and rapidjson's floating-point tables would
// cost it 2.5 KB brotli. The console, which shows JSON as it came, parses
// numbers as numbers.
inline constexpr unsigned numbers_as_text = rapidjson::kParseNumbersAsStringsFlag;

// Parses an object; nothing if the text is not one.
std::optional<rapidjson::Document> parse_object(std::string_view text);
std::optional<rapidjson::Document> parse_object_with_numbers(std::string_view text);
// Parses an array; an empty one if the text is not one.
rapidjson::Document parse_array(std::string_view text);

std::string string_at(const rapidjson::Value& object, const char* key);
// An integer field, written as a number (or, from parse_object, as its text).
std::int64_t integer_at(const rapidjson::Value& object, const char* key, std::int64_t fallback = 0);
bool bool_at(const rapidjson::Value& object, const char* key, bool fallback = false);
const rapidjson::Value* member(const rapidjson::Value& object, const char* key);

// A file as the relay describes it ({"id", "kind", "mime", "name", "size"}),
// from the object's member `key`; empty when there is none.
Attachment attachment_at(const rapidjson::Value& object, const char* key);

// A JSON string literal, quotes included.
std::string quote(std::string_view text);

}  // namespace baton::client::json
