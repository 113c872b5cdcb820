#include "relay/whatsapp/inbound_record.hpp"

#include <boost/json.hpp>

namespace baton {
namespace json = boost::json;

std::string inbound_to_json(const InboundMessage& m) {
  json::object o{{"wamid", m.wamid},
                 {"from", m.from},
                 {"from_user_id", m.from_user_id},
                 {"profile_name", m.profile_name},
                 {"phone_number_id", m.phone_number_id},
                 {"timestamp_ms", m.timestamp_ms},
                 {"type", m.type},
                 {"kind", to_string(m.kind)},
                 {"label_value", m.label_value},
                 {"text", m.text},
                 {"context_id", m.context_id},
                 {"reply_id", m.reply_id},
                 {"media_id", m.media_id},
                 {"mime_type", m.mime_type},
                 {"media_sha256", m.media_sha256},
                 {"caption", m.caption},
                 {"file_name", m.file_name},
                 {"voice", m.voice}};
  o["label"] = m.label ? json::value(static_cast<std::int64_t>(*m.label)) : json::value(nullptr);
  return json::serialize(o);
}

std::optional<InboundMessage> inbound_from_json(std::string_view text) {
  boost::system::error_code ec;
  auto parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const auto& o = parsed.as_object();
  auto str = [&](std::string_view key) -> std::string {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  InboundMessage m;
  m.wamid = str("wamid");
  if (m.wamid.empty()) return std::nullopt;
  m.from = str("from");
  m.from_user_id = str("from_user_id");
  m.profile_name = str("profile_name");
  m.phone_number_id = str("phone_number_id");
  if (const auto* t = o.if_contains("timestamp_ms"); t && t->is_int64()) m.timestamp_ms = t->get_int64();
  m.type = str("type");
  m.kind = message_kind_from_string(str("kind")).value_or(MessageKind::unsupported);
  if (const auto* l = o.if_contains("label"); l && l->is_int64()) {
    auto n = l->get_int64();
    if (n < 0 || static_cast<std::size_t>(n) >= visitor_text_count) return std::nullopt;
    m.label = static_cast<VisitorText>(n);
  }
  m.label_value = str("label_value");
  m.text = str("text");
  m.context_id = str("context_id");
  m.reply_id = str("reply_id");
  m.media_id = str("media_id");
  m.mime_type = str("mime_type");
  m.media_sha256 = str("media_sha256");
  m.caption = str("caption");
  m.file_name = str("file_name");
  if (const auto* v = o.if_contains("voice"); v && v->is_bool()) m.voice = v->get_bool();
  return m;
}

}  // namespace baton
