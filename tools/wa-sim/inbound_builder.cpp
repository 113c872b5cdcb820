#include "tools/wa-sim/inbound_builder.hpp"

#include "common/phone.hpp"
#include "common/time_format.hpp"
#include "common/utf8.hpp"
#include "tools/wa-sim/inbound_media.hpp"
#include "tools/wa-sim/json_fields.hpp"
#include "tools/wa-sim/media_rules.hpp"
#include "tools/wa-sim/send_validator.hpp"
#include "tools/wa-sim/user_edits.hpp"
#include "tools/wa-sim/wa_id_form.hpp"

namespace baton::sim {
namespace {

using boost::json::array;
using boost::json::object;

// WhatsApp users can write far more than businesses may send back.
constexpr std::size_t max_user_text_chars = 65536;

std::optional<std::string> phone_of(std::string_view typed) {
  if (auto e164 = normalize_e164(typed)) return e164;
  return e164_from_wa_id(typed);
}

std::optional<double> number_at(const object& o, std::string_view key) {
  const auto* v = fields::find(o, key);
  if (!v || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

std::string text_of(const object& request) { return std::string(fields::string_or(request, "text")); }

ApiError invalid(std::string message) { return ApiError{400, "invalid_request", std::move(message)}; }

// Inbound unsupported messages carry their own wording of 131051.
object unsupported_error() {
  return object{{"code", 131051},
                {"title", "Message type unknown"},
                {"message", "Message type unknown"},
                {"error_data", object{{"details", "Message type is currently not supported."}}}};
}

}  // namespace

InboundBuilder::InboundBuilder(std::string business_number, WamidFactory& wamids, MediaStore& media,
                               EditWebhooks edit_webhooks)
    : business_number_(std::move(business_number)), wamids_(wamids), media_(media), edit_webhooks_(edit_webhooks) {}

std::variant<InboundBuilder::Content, std::string> InboundBuilder::media(const std::string& type, const object& request,
                                                                         std::int64_t now_ms) {
  const auto* options = fields::object_at(request, "media");
  auto flag = [&](std::string_view key, bool fallback) {
    const auto* v = options ? fields::find(*options, key) : nullptr;
    if (!v) v = fields::find(request, key);
    return v && v->is_bool() ? v->get_bool() : fallback;
  };
  auto stored = store_inbound_media(type, request, media_, now_ms);
  if (auto* error = std::get_if<std::string>(&stored)) return *error;
  const auto& file = *std::get<const StoredMedia*>(stored);
  // `text` is the caption; the older `caption` field still works.
  std::string caption(fields::string_or(request, "caption", text_of(request)));
  if (type == "audio" || type == "sticker") caption.clear();
  object out;
  if (!caption.empty()) out["caption"] = caption;
  if (type == "document") out["filename"] = file.filename.empty() ? std::string("document") : file.filename;
  out["mime_type"] = file.mime;
  out["sha256"] = webhook_sha256(file);
  out["id"] = file.id;
  // The sample audio is a voice note; a file the caller brings is one only if it says so.
  if (type == "audio") out["voice"] = flag("voice", options == nullptr);
  if (type == "sticker") out["animated"] = flag("animated", false);
  return Content{std::move(out), caption, &file};
}

std::variant<InboundBuilder::Content, std::string> InboundBuilder::content(const std::string& type,
                                                                           const object& request, std::int64_t now_ms) {
  auto text = text_of(request);
  auto reply_to = std::string(fields::string_or(request, "reply_to"));
  if (type == "text") {
    if (text.empty()) return std::string("text is required for a text message");
    return Content{object{{"body", text}}, text};
  }
  if (type == "image" || type == "video" || type == "document" || type == "audio" || type == "sticker") {
    return media(type, request, now_ms);
  }
  if (type == "location") {
    auto latitude = number_at(request, "latitude");
    auto longitude = number_at(request, "longitude");
    if (!latitude || !longitude || *latitude < -90 || *latitude > 90 || *longitude < -180 || *longitude > 180) {
      return std::string("latitude and longitude are required numbers for a location");
    }
    object location{{"latitude", *latitude}, {"longitude", *longitude}};
    std::string label = "📍 " + std::to_string(*latitude) + ", " + std::to_string(*longitude);
    if (auto name = fields::string_at(request, "location_name")) {
      location["name"] = *name;
      label = "📍 " + std::string(*name);
    }
    if (auto address = fields::string_at(request, "address")) location["address"] = *address;
    return Content{std::move(location), label};
  }
  if (type == "contacts") {
    std::string name(fields::string_or(request, "contact_name", text.empty() ? "Contact" : text));
    object card{{"name", object{{"formatted_name", name}, {"first_name", name}}}};
    std::string label = "👤 " + name;
    if (auto phone = phone_of(fields::string_or(request, "contact_phone"))) {
      card["phones"] = array{object{{"phone", *phone}, {"wa_id", wa_id_from_e164(*phone)}, {"type", "CELL"}}};
      label += " " + *phone;
    }
    return Content{array{std::move(card)}, label};
  }
  if (type == "reaction") {
    if (reply_to.empty()) return std::string("reply_to must name the message a reaction is for");
    object reaction{{"message_id", reply_to}};
    // Removing a reaction leaves the emoji out rather than sending it empty.
    auto emoji = fields::string_or(request, "emoji");
    if (!emoji.empty()) reaction["emoji"] = emoji;
    return Content{std::move(reaction), std::string(emoji)};
  }
  if (type == "button") {
    if (text.empty()) return std::string("text (the button label) is required for a button reply");
    return Content{object{{"payload", fields::string_or(request, "payload", text)}, {"text", text}}, text};
  }
  if (type == "interactive") {
    if (text.empty()) return std::string("text (the button or row title) is required for an interactive reply");
    std::string kind(fields::string_or(request, "interactive_type", "button_reply"));
    if (kind != "button_reply" && kind != "list_reply") {
      return std::string("interactive_type must be button_reply or list_reply");
    }
    object reply{{"id", fields::string_or(request, "reply_id", text)}, {"title", text}};
    if (auto description = fields::string_at(request, "description"); description && kind == "list_reply") {
      reply["description"] = *description;
    }
    return Content{object{{"type", kind}, {kind, std::move(reply)}}, text};
  }
  if (type == "system") {
    // What Meta sends when a user changed their number (from the old one) or
    // their identity; nobody is meant to read it as a message.
    std::string kind(fields::string_or(request, "system_type", "user_changed_number"));
    object system{{"type", kind}};
    std::string body = text;
    if (kind == "user_changed_number") {
      auto new_phone = phone_of(fields::string_or(request, "new_phone"));
      if (!new_phone) return std::string("new_phone (the number the user changed to) is required for a number change");
      system["wa_id"] = cloud_api_wa_id(wa_id_from_e164(*new_phone));
      if (body.empty()) {
        body = std::string(fields::string_or(request, "name", "User")) + " changed from " +
               std::string(fields::string_or(request, "from")) + " to " + *new_phone;
      }
    }
    if (!body.empty()) system["body"] = body;
    return Content{std::move(system), body.empty() ? kind : body};
  }
  if (type == "request_welcome") return Content{object{}, "(opened the chat)"};
  if (type == "unsupported") {
    std::string original(fields::string_or(request, "unsupported_type", "poll_creation"));
    return Content{object{{"type", original}}, "Unsupported message (" + original + ")"};
  }
  return std::string(
      "type must be one of text, image, document, audio, video, sticker, location, contacts, "
      "reaction, button, interactive, system, request_welcome, unsupported, edit or revoke");
}

std::variant<InboundBuilder::Content, ApiError> InboundBuilder::change(const std::string& type, const object& request,
                                                                       const std::vector<std::string>& sender,
                                                                       const MessageLog& messages, std::int64_t at_ms) {
  std::string original_id(fields::string_or(request, "original"));
  if (original_id.empty()) return invalid("original (the id of the user's earlier message) is required for " + type);
  const auto* original = messages.find_received(original_id);
  auto text = text_of(request);
  if (auto refused = refuse_change(type, original, sender, text, at_ms)) return *refused;
  if (type == "revoke") return Content{object{{"original_message_id", original_id}}, {}};
  return Content{edit_object(*original, text, media_.find_kept(original->media_id)), text};
}

std::variant<Inbound, ApiError> InboundBuilder::build(const boost::json::value& body, const UserDirectory& users,
                                                      const MessageLog& messages, std::int64_t now_ms) {
  const auto* request = body.if_object();
  if (!request) return invalid("the body must be a JSON object");
  for (auto key : {"from", "name", "text", "reply_to", "type", "user_id", "caption", "emoji", "at", "new_phone",
                   "system_type", "original"}) {
    if (fields::given(*request, key) && !fields::string_at(*request, key)) {
      return invalid(std::string(key) + " must be a string");
    }
  }
  Inbound out;
  if (fields::given(*request, "from")) {
    auto phone = phone_of(fields::string_or(*request, "from"));
    if (!phone) return invalid("from must be a phone number such as +15551230001");
    if (wa_id_from_e164(*phone) == business_number_) return invalid("from cannot be the business number");
    out.phone = *phone;
  }
  if (fields::given(*request, "user_id")) {
    out.user_id = std::string(fields::string_or(*request, "user_id"));
    if (!is_business_scoped_id(out.user_id)) return invalid("user_id must look like US.13491208655302741918");
  }
  const auto* omit = fields::find(*request, "omit_phone");
  bool omit_phone = omit && omit->is_bool() && omit->get_bool();
  if (omit_phone && out.user_id.empty()) return invalid("omit_phone needs a user_id to identify the sender");
  if (out.phone.empty() && out.user_id.empty()) return invalid("from (a phone number) or user_id is required");
  if (utf8::length(text_of(*request)) > max_user_text_chars) return invalid("text is too long");

  std::int64_t at_ms = now_ms;
  if (fields::given(*request, "at")) {
    auto parsed = parse_rfc3339(fields::string_or(*request, "at"));
    if (!parsed) return invalid("at must be an RFC 3339 time such as 2026-01-31T12:00:00Z");
    at_ms = *parsed;
  }
  // A `media` object alone says its type.
  const auto* media_request = fields::object_at(*request, "media");
  auto media_type = media_request ? fields::string_or(*media_request, "type") : std::string_view();
  std::string type(fields::string_or(*request, "type", media_type.empty() ? "text" : media_type));
  if (fields::given(*request, "media") && !is_media_type(type)) {
    return invalid("media goes with type image, document, audio, video or sticker");
  }
  auto sender_key = out.phone.empty() ? out.user_id : out.phone;
  bool changes = type == "edit" || type == "revoke";
  Content made;
  if (changes) {
    // The request's own ids count too, before any message has linked them.
    auto sender = users.aliases(sender_key);
    sender.push_back(out.phone);
    sender.push_back(out.user_id);
    auto changed = change(type, *request, sender, messages, at_ms);
    if (auto* error = std::get_if<ApiError>(&changed)) return *error;
    made = std::move(std::get<Content>(changed));
    out.original_id = fields::string_or(*request, "original");
  } else {
    auto written = content(type, *request, now_ms);
    if (auto* error = std::get_if<std::string>(&written)) return invalid(*error);
    made = std::move(std::get<Content>(written));
  }
  auto& [type_object, label, file] = made;

  const auto* known = users.find(sender_key);
  std::string name(fields::string_or(*request, "name"));
  if (name.empty() && known) name = known->name;
  if (name.empty()) name = "WhatsApp User";

  auto digits = cloud_api_wa_id(wa_id_from_e164(out.phone));
  auto wamid = wamids_.inbound(digits.empty() ? out.user_id : digits);
  std::string reply_to(fields::string_or(*request, "reply_to"));
  auto& message = out.message;
  if (!reply_to.empty() && type != "reaction" && !changes) {
    message["context"] = object{{"from", business_number_}, {"id", reply_to}};
  }
  if (!omit_phone) message["from"] = digits;
  if (!out.user_id.empty()) message["from_user_id"] = out.user_id;
  message["id"] = wamid;
  message["timestamp"] = std::to_string(at_ms / 1000);
  // Numbers without the edit and revoke webhooks hear only that something
  // they cannot read arrived, not which message changed.
  bool hidden_change = changes && edit_webhooks_ == EditWebhooks::unsupported;
  message["type"] = hidden_change ? std::string("unsupported") : type;
  if (hidden_change) {
    message["unsupported"] = object{{"type", type}};
  } else if (type != "request_welcome") {  // request_welcome carries nothing but its type
    message[type] = std::move(type_object);
  }
  if (type == "unsupported" || hidden_change) message["errors"] = array{unsupported_error()};

  out.contact["profile"] = object{{"name", name}};
  if (!omit_phone) out.contact["wa_id"] = digits;
  if (!out.user_id.empty()) out.contact["user_id"] = out.user_id;

  auto& record = out.record;
  record.wamid = wamid;
  record.from = out.phone.empty() ? out.user_id : out.phone;
  record.name = name;
  record.type = type;
  record.body = label;
  record.context_id = changes ? std::string() : reply_to;
  record.at_ms = at_ms;
  if (file) {
    record.media_id = file->id;
    record.mime_type = file->mime;
    if (type == "document") record.filename = file->filename.empty() ? "document" : file->filename;
    record.file_size = file->size();
  }
  return out;
}

}  // namespace baton::sim
