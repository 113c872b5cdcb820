#include "relay/whatsapp/webhook_parser.hpp"

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "common/phone.hpp"
#include "relay/core/json_fields.hpp"

namespace baton {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

const object* object_at(const object& o, std::string_view key) {
  if (auto it = o.find(key); it != o.end()) return it->value().if_object();
  return nullptr;
}

const array* array_at(const object& o, std::string_view key) {
  if (auto it = o.find(key); it != o.end()) return it->value().if_array();
  return nullptr;
}

std::int64_t integer_at(const object& o, std::string_view key) {
  if (auto it = o.find(key); it != o.end()) {
    if (auto n = it->value().if_int64()) return *n;
    if (auto u = it->value().if_uint64()) return static_cast<std::int64_t>(*u);
    if (const auto* s = it->value().if_string()) {
      std::int64_t parsed = 0;
      auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), parsed);
      if (ec == std::errc() && ptr == s->data() + s->size()) return parsed;
    }
  }
  return 0;
}

// Meta's "timestamp" is Unix seconds; in milliseconds, or 0 (unknown) when it
// is not a time before year 10000 (found by the webhook fuzzer: a huge value
// overflowed the multiplication).
std::int64_t timestamp_ms_at(const object& o, std::string_view key) {
  constexpr std::int64_t last_second_of_9999 = 253402300799;
  auto seconds = integer_at(o, key);
  return seconds > 0 && seconds <= last_second_of_9999 ? seconds * 1000 : 0;
}

// A latitude or longitude as WhatsApp sends it (a number, or a numeric
// string), within ±`limit` degrees; anything else is no coordinate.
std::optional<double> coordinate(const object& o, std::string_view key, double limit) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  std::optional<double> value;
  if (auto d = it->value().if_double()) value = *d;
  else if (auto n = it->value().if_int64()) value = static_cast<double>(*n);
  else if (const auto* s = it->value().if_string()) {
    double parsed = 0;
    auto [end, error] = std::from_chars(s->data(), s->data() + s->size(), parsed);
    if (error == std::errc() && end == s->data() + s->size()) value = parsed;
  }
  if (!value || !std::isfinite(*value) || *value < -limit || *value > limit) return std::nullopt;
  return value;
}

// OpenStreetMap: no account, no tracking parameters, opens in any browser.
std::string map_link(double latitude, double longitude) {
  char at[96];
  std::snprintf(at, sizeof at, "mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f", latitude, longitude, latitude, longitude);
  return std::string("https://www.openstreetmap.org/?") + at;
}

std::vector<WaError> read_errors(const object& o) {
  std::vector<WaError> errors;
  if (const auto* list = array_at(o, "errors")) {
    for (const auto& item : *list) {
      const auto* e = item.if_object();
      if (!e) continue;
      WaError error{integer_at(*e, "code"), text_at(*e, "title"), text_at(*e, "message"), {}};
      if (const auto* data = object_at(*e, "error_data")) error.details = text_at(*data, "details");
      errors.push_back(std::move(error));
    }
  }
  return errors;
}

std::string join_nonempty(std::initializer_list<std::string> parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

void read_media(const object& m, const std::string& type, InboundMessage& msg) {
  msg.kind = MessageKind::media;
  const object* media = object_at(m, type);
  std::string caption, filename;
  bool voice = false;
  if (media) {
    msg.media_id = text_at(*media, "id");
    msg.mime_type = text_at(*media, "mime_type");
    caption = text_at(*media, "caption");
    filename = text_at(*media, "filename");
    if (auto it = media->find("voice"); it != media->end() && it->value().is_bool()) voice = it->value().get_bool();
    msg.media_sha256 = text_at(*media, "sha256");
  }
  msg.caption = caption;
  msg.file_name = filename;
  msg.voice = voice;
  msg.text = caption;
  if (type == "image") msg.label = VisitorText::media_photo;
  else if (type == "video") msg.label = VisitorText::media_video;
  else if (type == "audio") msg.label = voice ? VisitorText::media_voice_message : VisitorText::media_audio;
  else if (type == "sticker") msg.label = VisitorText::media_sticker;
  else if (filename.empty()) msg.label = VisitorText::media_document;
  else msg.text = "📄 " + filename + (caption.empty() ? "" : ": " + caption);  // the name says what it is
}

// An edit carries the whole message again, as it now reads: a text's body or
// a file's caption (the file itself cannot change).
void read_edit(const object& m, InboundMessage& msg) {
  msg.kind = MessageKind::edit;
  const auto* edit = object_at(m, "edit");
  if (!edit) return;
  msg.original_id = text_at(*edit, "original_message_id");
  const auto* message = object_at(*edit, "message");
  if (!message) return;
  auto type = text_at(*message, "type");
  if (const auto* body = object_at(*message, type)) msg.text = text_at(*body, type == "text" ? "body" : "caption");
}

void read_body(const object& m, InboundMessage& msg) {
  const auto& type = msg.type;
  if (type == "text") {
    if (const auto* text = object_at(m, "text")) msg.text = text_at(*text, "body");
    msg.kind = MessageKind::text;
  } else if (type == "interactive") {
    msg.kind = MessageKind::text;
    if (const auto* interactive = object_at(m, "interactive")) {
      auto kind = text_at(*interactive, "type");
      if (const auto* reply = object_at(*interactive, kind)) {
        msg.reply_id = text_at(*reply, "id");
        msg.text = text_at(*reply, "title");
      }
      if (msg.text.empty()) msg.label = VisitorText::form_reply;
    }
  } else if (type == "button") {
    msg.kind = MessageKind::text;
    if (const auto* button = object_at(m, "button")) {
      msg.text = text_at(*button, "text");
      msg.reply_id = text_at(*button, "payload");
    }
  } else if (type == "image" || type == "video" || type == "audio" || type == "document" || type == "sticker") {
    read_media(m, type, msg);
  } else if (type == "reaction") {
    msg.kind = MessageKind::reaction;
    if (const auto* reaction = object_at(m, "reaction")) {
      msg.context_id = text_at(*reaction, "message_id");
      msg.label_value = text_at(*reaction, "emoji");
      msg.label = msg.label_value.empty() ? VisitorText::reaction_removed : VisitorText::reaction;
    }
  } else if (type == "location") {
    msg.kind = MessageKind::location;
    if (const auto* loc = object_at(m, "location")) {
      // A place reads as its name and a map link, not as raw coordinates.
      auto where = join_nonempty({text_at(*loc, "name"), text_at(*loc, "address")}, ", ");
      auto latitude = coordinate(*loc, "latitude", 90);
      auto longitude = coordinate(*loc, "longitude", 180);
      std::string link = latitude && longitude ? map_link(*latitude, *longitude) : std::string();
      msg.text = join_nonempty({"📍", where, link}, " ");
    }
  } else if (type == "contacts") {
    msg.kind = MessageKind::contacts;
    std::string names;
    if (const auto* cards = array_at(m, "contacts")) {
      for (const auto& card : *cards) {
        const auto* c = card.if_object();
        if (!c) continue;
        std::string name;
        if (const auto* n = object_at(*c, "name")) name = text_at(*n, "formatted_name");
        std::string phone;
        if (const auto* phones = array_at(*c, "phones"); phones && !phones->empty() && (*phones)[0].is_object()) {
          phone = text_at((*phones)[0].get_object(), "phone");
        }
        // One person a line, "Name · number": the widget draws them as a card.
        auto line = join_nonempty({name, phone}, " · ");
        if (!line.empty()) names += (names.empty() ? "" : "\n") + line;
      }
    }
    msg.label = VisitorText::shared_contact;
    msg.text = names;
  } else if (type == "system") {
    msg.kind = MessageKind::notice;
    if (const auto* system = object_at(m, "system")) {
      msg.text = text_at(*system, "body");
      msg.system_type = text_at(*system, "type");
      // "wa_id" today; "new_wa_id" in older versions' customer_changed_number.
      msg.new_wa_id = text_at(*system, "wa_id");
      if (msg.new_wa_id.empty()) msg.new_wa_id = text_at(*system, "new_wa_id");
      msg.new_user_id = text_at(*system, "user_id");
    }
    if (msg.text.empty()) msg.label = VisitorText::system_notice;
  } else if (type == "request_welcome") {
    // The user opened the chat with the business for the first time.
    msg.kind = MessageKind::notice;
    msg.system_type = "request_welcome";
  } else if (type == "edit") {
    read_edit(m, msg);
  } else if (type == "revoke") {
    msg.kind = MessageKind::deleted;
    if (const auto* revoke = object_at(m, "revoke")) msg.original_id = text_at(*revoke, "original_message_id");
  } else if (type == "order") {
    msg.kind = MessageKind::unsupported;
    std::int64_t items = 0;
    if (const auto* order = object_at(m, "order")) {
      if (const auto* list = array_at(*order, "product_items")) {
        for (const auto& item : *list) {
          if (const auto* product = item.if_object())
            items += std::max<std::int64_t>(integer_at(*product, "quantity"), 1);
        }
      }
    }
    msg.label = VisitorText::order;
    msg.label_value = std::to_string(items);
  } else {
    // "unsupported", the older "unknown", and anything Meta adds later.
    msg.kind = MessageKind::unsupported;
    std::string original;
    if (const auto* u = object_at(m, "unsupported")) original = text_at(*u, "type");
    if (original.empty() && type != "unsupported" && type != "unknown") original = type;
    // Numbers without the edit and revoke webhooks get these instead, with
    // nothing to say which message changed or how.
    if (original == "edit" || original == "revoke") {
      msg.kind = original == "edit" ? MessageKind::edit : MessageKind::deleted;
      return;
    }
    msg.label = VisitorText::unsupported_message;
    msg.text = original;
  }
}

// value.contacts names the senders of value.messages, by phone or by
// business-scoped id.
std::map<std::string, std::string> sender_names(const object& change_value) {
  std::map<std::string, std::string> names;
  if (const auto* contacts = array_at(change_value, "contacts")) {
    for (const auto& c : *contacts) {
      const auto* contact = c.if_object();
      if (!contact) continue;
      std::string name;
      if (const auto* profile = object_at(*contact, "profile")) name = text_at(*profile, "name");
      if (auto wa_id = text_at(*contact, "wa_id"); !wa_id.empty()) names[wa_id] = name;
      if (auto user_id = text_at(*contact, "user_id"); !user_id.empty()) names[user_id] = name;
    }
  }
  return names;
}

void read_messages(const object& v, const std::string& phone_number_id, WebhookBatch& batch) {
  const auto* messages = array_at(v, "messages");
  if (!messages) return;
  auto names = sender_names(v);
  for (const auto& item : *messages) {
    const auto* m = item.if_object();
    if (!m) {
      batch.skipped.push_back("a message that is not an object");
      continue;
    }
    InboundMessage msg;
    msg.wamid = text_at(*m, "id");
    auto from_digits = text_at(*m, "from");
    msg.from_user_id = text_at(*m, "from_user_id");
    if (!from_digits.empty()) {
      if (auto e164 = e164_from_wa_id(from_digits)) msg.from = *e164;
    }
    if (msg.wamid.empty() || (msg.from.empty() && msg.from_user_id.empty())) {
      batch.skipped.push_back("a message without an id or a readable sender");
      continue;
    }
    msg.phone_number_id = phone_number_id;
    msg.timestamp_ms = timestamp_ms_at(*m, "timestamp");
    msg.type = text_at(*m, "type");
    if (auto it = names.find(from_digits); !from_digits.empty() && it != names.end()) msg.profile_name = it->second;
    if (auto it = names.find(msg.from_user_id); msg.profile_name.empty() && it != names.end()) {
      msg.profile_name = it->second;
    }
    if (const auto* context = object_at(*m, "context")) msg.context_id = text_at(*context, "id");
    msg.errors = read_errors(*m);
    read_body(*m, msg);
    batch.messages.push_back(std::move(msg));
  }
}

void read_statuses(const object& v, WebhookBatch& batch) {
  const auto* statuses = array_at(v, "statuses");
  if (!statuses) return;
  for (const auto& item : *statuses) {
    const auto* s = item.if_object();
    if (!s) {
      batch.skipped.push_back("a status that is not an object");
      continue;
    }
    StatusUpdate status;
    status.wamid = text_at(*s, "id");
    status.status = text_at(*s, "status");
    if (status.wamid.empty() || status.status.empty()) {
      batch.skipped.push_back("a status without an id or a state");
      continue;
    }
    status.timestamp_ms = timestamp_ms_at(*s, "timestamp");
    status.recipient_id = text_at(*s, "recipient_id");
    status.recipient_user_id = text_at(*s, "recipient_user_id");
    status.callback_data = text_at(*s, "biz_opaque_callback_data");
    status.errors = read_errors(*s);
    if (const auto* pricing = s->if_contains("pricing"); pricing && pricing->is_object()) {
      const auto& p = pricing->get_object();
      const auto* billable = p.if_contains("billable");
      status.pricing = Pricing{billable && billable->is_bool() && billable->get_bool(), text_at(p, "category"),
                               text_at(p, "pricing_model"), text_at(p, "type")};
    }
    batch.statuses.push_back(std::move(status));
  }
}

}  // namespace

std::variant<WebhookBatch, WebhookParseError> parse_webhook(std::string_view body, std::string_view ours) {
  boost::system::error_code ec;
  // The tree lives only in this call (the batch holds its own strings): its
  // nodes come from one arena, a stack buffer first, instead of one malloc
  // each, which was half of the parse.
  unsigned char arena[8192];
  boost::json::monotonic_resource nodes(arena, sizeof arena);
  value root = boost::json::parse(body, ec, &nodes);
  if (ec) return WebhookParseError{"invalid_json", "the body is not valid JSON: " + ec.message()};
  const auto* top = root.if_object();
  if (!top) return WebhookParseError{"invalid_webhook", "the body is not a JSON object"};
  if (text_at(*top, "object") != "whatsapp_business_account") {
    return WebhookParseError{"invalid_webhook", "object is not whatsapp_business_account"};
  }
  const auto* entries = array_at(*top, "entry");
  if (!entries) return WebhookParseError{"invalid_webhook", "entry is missing or not an array"};

  WebhookBatch batch;
  for (const auto& e : *entries) {
    const auto* entry = e.if_object();
    const auto* changes = entry ? array_at(*entry, "changes") : nullptr;
    if (!changes) {
      batch.skipped.push_back("an entry without changes");
      continue;
    }
    for (const auto& c : *changes) {
      const auto* change = c.if_object();
      const auto* v = change ? object_at(*change, "value") : nullptr;
      if (!v) {
        batch.skipped.push_back("a change without a value");
        continue;
      }
      auto field = text_at(*change, "field");
      if (field == "message_template_status_update") {
        TemplateStatus t{text_at(*v, "message_template_name"), text_at(*v, "message_template_language"),
                         text_at(*v, "event"), text_at(*v, "reason")};
        if (t.name.empty() || t.event.empty()) batch.skipped.push_back("a template status without a name or event");
        else batch.templates.push_back(std::move(t));
        continue;
      }
      if (field != "messages") {
        batch.skipped.push_back("a change of field '" + field + "'");
        continue;
      }
      std::string phone_number_id;
      if (const auto* metadata = object_at(*v, "metadata")) phone_number_id = text_at(*metadata, "phone_number_id");
      if (!ours.empty() && !phone_number_id.empty() && phone_number_id != ours) {
        batch.skipped.push_back("a change for phone number id " + phone_number_id + ", not this relay's");
        continue;
      }
      read_messages(*v, phone_number_id, batch);
      read_statuses(*v, batch);
      auto errors = read_errors(*v);
      batch.errors.insert(batch.errors.end(), errors.begin(), errors.end());
    }
  }
  return batch;
}

}  // namespace baton
