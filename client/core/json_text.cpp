#include "client/core/json_text.hpp"

#include <charconv>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace baton::client::json {

std::optional<rapidjson::Document> parse_object(std::string_view text) {
  rapidjson::Document document;
  document.Parse<numbers_as_text>(text.data(), text.size());
  if (document.HasParseError() || !document.IsObject()) return std::nullopt;
  return document;
}

std::optional<rapidjson::Document> parse_object_with_numbers(std::string_view text) {
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError() || !document.IsObject()) return std::nullopt;
  return document;
}

rapidjson::Document parse_array(std::string_view text) {
  rapidjson::Document document;
  document.Parse<numbers_as_text>(text.data(), text.size());
  if (document.HasParseError() || !document.IsArray()) document.SetArray();
  return document;
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string string_at(const rapidjson::Value& object, const char* key) {
  const auto* value = member(object, key);
  return value && value->IsString() ? std::string(value->GetString(), value->GetStringLength()) : std::string();
}

std::int64_t integer_at(const rapidjson::Value& object, const char* key, std::int64_t fallback) {
  const auto* value = member(object, key);
  if (!value) return fallback;
  if (value->IsInt64()) return value->GetInt64();
  if (!value->IsString()) return fallback;
  std::int64_t out = 0;
  const char* end = value->GetString() + value->GetStringLength();
  auto [at, error] = std::from_chars(value->GetString(), end, out);
  return error == std::errc{} && at == end ? out : fallback;
}

bool bool_at(const rapidjson::Value& object, const char* key, bool fallback) {
  const auto* value = member(object, key);
  return value && value->IsBool() ? value->GetBool() : fallback;
}

Attachment attachment_at(const rapidjson::Value& object, const char* key) {
  Attachment file;
  const auto* found = member(object, key);
  if (!found) return file;
  auto kind = attachment_kind_from_string(string_at(*found, "kind"));
  auto size = integer_at(*found, "size", -1);
  if (!kind || size < 0) return file;
  file.id = string_at(*found, "id");
  file.kind = *kind;
  file.mime = string_at(*found, "mime");
  file.name = string_at(*found, "name");
  file.size = static_cast<std::uint64_t>(size);
  return file;
}

std::string quote(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace baton::client::json
