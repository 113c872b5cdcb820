#include "client/core/stored_state.hpp"

#include <algorithm>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "client/core/json_text.hpp"

namespace baton::client {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// A number through the standard library's to_chars, which the widget has
// anyway: rapidjson's own integer writer (a digit table) costs it 0.6 KB brotli.
void number(Writer& w, std::int64_t value) {
  auto text = std::to_string(value);
  w.RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

void field(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string finish(rapidjson::StringBuffer& buffer) { return std::string(buffer.GetString(), buffer.GetSize()); }

}  // namespace

std::string session_to_json(const std::optional<SessionKeys>& session) {
  if (!session) return "null";
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "id", session->id);
  field(w, "token", session->token);
  field(w, "code", session->code);
  w.EndObject();
  return finish(buffer);
}

std::optional<SessionKeys> session_from_json(std::string_view text) {
  auto document = json::parse_object(text);
  if (!document) return std::nullopt;
  SessionKeys keys{json::string_at(*document, "id"), json::string_at(*document, "token"),
                   json::string_at(*document, "code")};
  if (keys.id.empty() || keys.token.empty()) return std::nullopt;
  return keys;
}

std::string reading_to_json(const Reading& reading) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "session", reading.session_id);
  w.Key("seen");
  number(w, static_cast<std::int64_t>(reading.seen_seq));
  w.Key("open");
  w.Bool(reading.open);
  w.Key("sound");
  w.Bool(reading.sound);
  w.EndObject();
  return finish(buffer);
}

Reading reading_from_json(std::string_view text) {
  auto document = json::parse_object(text);
  if (!document) return {};
  Reading reading;
  reading.session_id = json::string_at(*document, "session");
  auto seen = json::integer_at(*document, "seen");
  reading.seen_seq = seen > 0 ? static_cast<std::uint64_t>(seen) : 0;
  reading.open = json::bool_at(*document, "open");
  reading.sound = json::bool_at(*document, "sound");
  return reading;
}

std::string outbox_to_json(const std::vector<QueuedMessage>& outbox) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const auto& item : outbox) {
    w.StartObject();
    field(w, "cid", item.cid);
    field(w, "text", item.text);
    w.Key("typed");
    number(w, item.typed_ms);
    if (!item.attachment.empty()) {
      const auto& file = item.attachment;
      w.Key("file");
      w.StartObject();
      field(w, "id", file.id);
      field(w, "kind", std::string(to_string(file.kind)));
      field(w, "mime", file.mime);
      field(w, "name", file.name);
      w.Key("size");
      number(w, static_cast<std::int64_t>(file.size));
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  return finish(buffer);
}

std::vector<QueuedMessage> outbox_from_json(std::string_view text) {
  std::vector<QueuedMessage> out;
  auto document = json::parse_array(text);
  for (const auto& item : document.GetArray()) {
    QueuedMessage message{json::string_at(item, "cid"), json::string_at(item, "text"), json::integer_at(item, "typed"),
                          json::attachment_at(item, "file")};
    if (!message.cid.empty()) out.push_back(std::move(message));
  }
  return out;
}

std::string pages_to_json(const std::vector<std::string>& pages) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const auto& page : pages) w.String(page.data(), static_cast<rapidjson::SizeType>(page.size()));
  w.EndArray();
  return finish(buffer);
}

std::vector<std::string> pages_from_json(std::string_view text) {
  std::vector<std::string> out;
  auto document = json::parse_array(text);
  for (const auto& page : document.GetArray()) {
    if (page.IsString()) out.emplace_back(page.GetString(), page.GetStringLength());
  }
  return out;
}

std::string identity_to_json(const Identity& identity, const std::map<std::string, std::string>& traits) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "name", identity.name);
  field(w, "email", identity.email);
  field(w, "phone", identity.phone);
  w.Key("traits");
  w.StartObject();
  for (const auto& [key, value] : traits) field(w, key.c_str(), value);
  w.EndObject();
  w.EndObject();
  return finish(buffer);
}

void identity_from_json(std::string_view text, Identity& identity, std::map<std::string, std::string>& traits) {
  auto document = json::parse_object(text);
  if (!document) return;
  identity = Identity{json::string_at(*document, "name"), json::string_at(*document, "email"),
                      json::string_at(*document, "phone")};
  traits.clear();
  if (const auto* stored = json::member(*document, "traits"); stored && stored->IsObject()) {
    for (const auto& entry : stored->GetObject()) {
      if (entry.value.IsString()) {
        traits.emplace(std::string(entry.name.GetString(), entry.name.GetStringLength()),
                       std::string(entry.value.GetString(), entry.value.GetStringLength()));
      }
    }
  }
}

std::vector<QueuedMessage> merge_outboxes(const std::vector<QueuedMessage>& ours,
                                          const std::vector<QueuedMessage>& theirs,
                                          const std::vector<std::string>& acknowledged) {
  // Outboxes hold a few messages each: a linear search is cheaper than a set,
  // and inserting in order keeps a sort's code out of the widget.
  std::vector<QueuedMessage> merged;
  auto acknowledged_already = [&](const std::string& cid) {
    return std::find(acknowledged.begin(), acknowledged.end(), cid) != acknowledged.end();
  };
  auto merged_already = [&](const std::string& cid) {
    return std::any_of(merged.begin(), merged.end(), [&](const QueuedMessage& other) { return other.cid == cid; });
  };
  for (const auto* list : {&ours, &theirs}) {
    for (const auto& item : *list) {
      if (acknowledged_already(item.cid) || merged_already(item.cid)) continue;
      // After every message typed at the same time or before: stable by typing time.
      auto at = std::upper_bound(merged.begin(), merged.end(), item.typed_ms,
                                 [](std::int64_t typed, const QueuedMessage& other) { return typed < other.typed_ms; });
      merged.insert(at, item);
    }
  }
  return merged;
}

}  // namespace baton::client
