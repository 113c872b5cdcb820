#pragma once
// Small JSON helpers over rapidjson for the widget: reading the relay's REST
// answers and writing its requests. Readers never assert on unexpected
// shapes; they return empty values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace baton::client::json {

// Parses an object; nothing if the text is not one.
std::optional<rapidjson::Document> parse_object(std::string_view text);

std::string string_at(const rapidjson::Value& object, const char* key);
std::int64_t integer_at(const rapidjson::Value& object, const char* key, std::int64_t fallback = 0);
bool bool_at(const rapidjson::Value& object, const char* key, bool fallback = false);
const rapidjson::Value* member(const rapidjson::Value& object, const char* key);

// A JSON string literal, quotes included.
std::string quote(std::string_view text);

}  // namespace baton::client::json
