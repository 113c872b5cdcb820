#include "relay/hub/json_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/email.hpp"
#include "common/limits.hpp"
#include "common/phone.hpp"
#include "common/time_format.hpp"
#include "common/utf8.hpp"
#include "relay/core/json_writer.hpp"

namespace baton {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

Refusal invalid(std::string field, std::string problem) {
  return Refusal{RefusalKind::invalid, "invalid_field", std::move(field) + ": " + std::move(problem)};
}

// Reads optional fields of one object and remembers the first problem.
class FieldReader {
 public:
  FieldReader(const object& o, std::string prefix) : o_(o), prefix_(std::move(prefix)) {}

  std::string text(std::string_view key, std::size_t max_chars) {
    auto it = o_.find(key);
    if (it == o_.end() || it->value().is_null()) return {};
    const auto* s = it->value().if_string();
    if (!s) return fail(key, "must be a string"), std::string();
    if (utf8::length(*s) > max_chars) return fail(key, "longer than " + std::to_string(max_chars) + " characters"), "";
    return std::string(*s);
  }

  bool flag(std::string_view key) {
    auto it = o_.find(key);
    if (it == o_.end() || it->value().is_null()) return false;
    if (!it->value().is_bool()) return fail(key, "must be true or false"), false;
    return it->value().get_bool();
  }

  std::vector<std::string> text_list(std::string_view key, std::size_t max_items, std::size_t max_chars) {
    std::vector<std::string> out;
    auto it = o_.find(key);
    if (it == o_.end() || it->value().is_null()) return out;
    const auto* list = it->value().if_array();
    if (!list) return fail(key, "must be an array of strings"), out;
    if (list->size() > max_items) return fail(key, "more than " + std::to_string(max_items) + " items"), out;
    for (const auto& item : *list) {
      const auto* s = item.if_string();
      if (!s || utf8::length(*s) > max_chars)
        return fail(key, "items must be strings of at most " + std::to_string(max_chars) + " characters"), out;
      out.emplace_back(*s);
    }
    return out;
  }

  std::map<std::string, std::string> text_map(std::string_view key, std::size_t max_items, std::size_t max_chars) {
    std::map<std::string, std::string> out;
    auto it = o_.find(key);
    if (it == o_.end() || it->value().is_null()) return out;
    const auto* map = it->value().if_object();
    if (!map) return fail(key, "must be an object of strings"), out;
    if (map->size() > max_items) return fail(key, "more than " + std::to_string(max_items) + " entries"), out;
    for (const auto& entry : *map) {
      const auto* s = entry.value().if_string();
      if (!s || entry.key().size() > 64 || utf8::length(*s) > max_chars) {
        return fail(key, "entries must be short names with string values"), out;
      }
      out.emplace(std::string(entry.key()), std::string(*s));
    }
    return out;
  }

  void fail(std::string_view key, std::string problem) {
    if (!error_) error_ = invalid(prefix_ + std::string(key), std::move(problem));
  }

  const std::optional<Refusal>& error() const { return error_; }

 private:
  const object& o_;
  std::string prefix_;
  std::optional<Refusal> error_;
};

// Personal details are checked the same way wherever they come from.
void read_person(FieldReader& reader, std::string& name, std::string& email, std::string& phone) {
  name = reader.text("name", limits::person_name_chars);
  email = reader.text("email", limits::email_chars);
  if (!email.empty() && !is_plausible_email(email)) reader.fail("email", "not an e-mail address");
  auto typed_phone = reader.text("phone", 32);
  if (!typed_phone.empty()) {
    auto e164 = normalize_e164(typed_phone);
    if (!e164) reader.fail("phone", "not an international number such as +15551230001");
    else phone = *e164;
  }
}

value text_or_null(const std::string& s) { return s.empty() ? value(nullptr) : value(s); }

}  // namespace

// A message's fields, written as text: the live stream sends one for every
// message to every tab, and building it as a tree first cost three times as
// much. to_json(Message) reads the same text back, so the shape is here once.
JsonWriter message_fields(const Message& m) {
  JsonWriter out;
  out.add("seq", m.seq).add("id", m.id);
  if (m.cid.empty()) out.add_json("cid", "null");
  else out.add("cid", m.cid);
  out.add("author", to_string(m.author))
      .add("author_name", m.author_name)
      .add("kind", to_string(m.kind))
      .add("text", m.text)
      .add("status", to_string(m.status))
      .add("ts", format_rfc3339(m.ts_ms));
  if (!m.about.empty()) out.add("about", m.about);  // a reaction: the message it reacts to
  if (m.time.size > 0) {
    JsonWriter time;
    time.add("from", format_rfc3339(m.time.from_ms))
        .add("to", format_rfc3339(m.time.to_ms))
        .add("at", m.time.at)
        .add("size", m.time.size);
    out.add_json("time", std::move(time).object());
  }
  if (!m.attachment.empty()) out.add_json("attachment", boost::json::serialize(to_json(m.attachment)));
  return out;
}

object to_json(const Message& m) { return boost::json::parse(message_fields(m).object()).as_object(); }

object to_json(const Attachment& a) {
  return object{{"id", a.id}, {"kind", to_string(a.kind)}, {"mime", a.mime}, {"name", a.name}, {"size", a.size}};
}

object to_json(const StatusChange& c) {
  return object{{"seq", c.seq}, {"id", c.message_id}, {"status", to_string(c.status)}, {"ts", format_rfc3339(c.ts_ms)}};
}

object to_json(const VisitorContext& c) {
  object utm, traits;
  for (const auto& [k, v] : c.utm) utm[k] = v;
  for (const auto& [k, v] : c.traits) traits[k] = v;
  array pages;
  for (const auto& p : c.pages) pages.emplace_back(p);
  return object{{"page_url", c.page_url},
                {"page_title", c.page_title},
                {"referrer", c.referrer},
                {"language", c.language},
                {"time_zone", c.time_zone},
                {"user_agent", c.user_agent},
                {"pages", pages},
                {"utm", utm},
                {"traits", traits},
                {"name", c.name},
                {"email", c.email},
                {"phone", c.phone},
                {"ui_language", c.ui_language}};
}

object to_json(const HandoffState& s) {
  return object{{"mode", to_string(s.mode)},
                {"state", to_string(s.state)},
                {"code", s.code},
                {"agent", text_or_null(s.agent_name)}};
}

std::string encode_json(const ServerFrame& frame) {
  // The frame of every delivered message, written as text (message_fields).
  if (const auto* m = std::get_if<Message>(&frame)) {
    JsonWriter out;
    out.add("type", "message").add_json("message", message_fields(*m).object());
    return std::move(out).object();
  }
  object out = std::visit(
      [](const auto& f) -> object {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, Welcome>) {
          return object{{"type", "welcome"},
                        {"session_id", f.session_id},
                        {"code", f.code},
                        {"state", to_string(f.state)},
                        {"agent", text_or_null(f.agent_name)},
                        {"agent_photo", text_or_null(f.agent_photo)},
                        {"last_seq", f.last_seq}};
        } else if constexpr (std::is_same_v<T, Message>) {
          return object{{"type", "message"}, {"message", to_json(f)}};  // written as text above
        } else if constexpr (std::is_same_v<T, StatusChange>) {
          auto o = to_json(f);
          o["type"] = "status";
          return o;
        } else if constexpr (std::is_same_v<T, Ack>) {
          return object{{"type", "ack"}, {"cid", f.cid}, {"id", f.id}, {"seq", f.seq}};
        } else if constexpr (std::is_same_v<T, StateChange>) {
          return object{{"type", "state"},
                        {"state", to_string(f.state)},
                        {"agent", text_or_null(f.agent_name)},
                        {"agent_photo", text_or_null(f.agent_photo)}};
        } else if constexpr (std::is_same_v<T, QueueUpdate>) {
          boost::json::value typical = nullptr;
          if (f.typical_wait_s > 0) typical = f.typical_wait_s;
          return object{{"type", "queue"}, {"ahead", f.ahead}, {"typical_wait_s", typical}};
        } else if constexpr (std::is_same_v<T, AvailabilityChange>) {
          array options;
          for (auto mode : f.options) options.emplace_back(to_string(mode));
          boost::json::value next_open = nullptr;
          if (f.next_open_ms > 0) next_open = format_rfc3339(f.next_open_ms);
          return object{{"type", "availability"},
                        {"online", f.online},
                        {"agents_online", f.agents_online},
                        {"next_open", next_open},
                        {"options", options}};
        } else if constexpr (std::is_same_v<T, AssistantDraft>) {
          constexpr std::string_view phases[] = {"typing", "text", "ended"};
          return object{{"type", "draft"},
                        {"draft_id", f.draft_id},
                        {"phase", phases[static_cast<std::size_t>(f.phase) % 3]},
                        {"offset", f.offset},
                        {"delta", f.delta}};
        } else {
          return object{{"type", "error"}, {"code", f.code}, {"message", f.message}, {"cid", text_or_null(f.cid)}};
        }
      },
      frame);
  return boost::json::serialize(out);
}

std::variant<object, Refusal> parse_object(std::string_view body) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (ec) return Refusal{RefusalKind::invalid, "invalid_json", "the body is not valid JSON (" + ec.message() + ")"};
  if (!parsed.is_object()) return Refusal{RefusalKind::invalid, "expected_object", "the body must be a JSON object"};
  return std::move(parsed.as_object());
}

std::variant<ClientFrame, Refusal> decode_client_json(std::string_view text) {
  auto parsed = parse_object(text);
  if (auto* error = std::get_if<Refusal>(&parsed)) return *error;
  const auto& o = std::get<object>(parsed);
  FieldReader reader(o, "");
  auto type = reader.text("type", 16);
  if (type == "hello") {
    Hello hello;
    hello.session_id = reader.text("session_id", 64);
    hello.token = reader.text("token", 128);
    if (auto it = o.find("after"); it != o.end()) {
      if (auto n = it->value().if_int64(); n && *n >= 0) hello.after_seq = static_cast<std::uint64_t>(*n);
      else if (auto u = it->value().if_uint64()) hello.after_seq = *u;
      else reader.fail("after", "must be a sequence number");
    }
    if (reader.error()) return *reader.error();
    return ClientFrame{hello};
  }
  if (type == "message") {
    SendText send;
    send.cid = reader.text("cid", limits::client_id_chars);
    auto it = o.find("text");
    if (it == o.end() || !it->value().is_string()) return invalid("text", "must be a string");
    send.text = std::string(it->value().get_string());
    send.attachment_id = reader.text("attachment", 64);
    if (reader.error()) return *reader.error();
    return ClientFrame{send};
  }
  if (type == "seen") {
    Seen seen;
    if (auto it = o.find("seq"); it != o.end()) {
      if (auto n = it->value().if_int64(); n && *n >= 0) seen.seq = static_cast<std::uint64_t>(*n);
      else if (auto u = it->value().if_uint64()) seen.seq = *u;
      else reader.fail("seq", "must be a sequence number");
    } else {
      reader.fail("seq", "must be a sequence number");
    }
    if (reader.error()) return *reader.error();
    return ClientFrame{seen};
  }
  if (type == "typing") {
    if (reader.error()) return *reader.error();
    return ClientFrame{Typing{}};
  }
  if (reader.error()) return *reader.error();
  return Refusal{RefusalKind::invalid, "unknown_frame", "type must be \"hello\", \"message\", \"seen\" or \"typing\""};
}

std::variant<VisitorContext, Refusal> visitor_context_from_json(const value* context) {
  VisitorContext c;
  if (!context || context->is_null()) return c;
  const auto* o = context->if_object();
  if (!o) return invalid("context", "must be an object");
  FieldReader reader(*o, "context.");
  const auto field = limits::context_field_chars;
  c.page_url = reader.text("page_url", field);
  c.page_title = reader.text("page_title", field);
  c.referrer = reader.text("referrer", field);
  c.language = reader.text("language", 35);
  c.ui_language = reader.text("ui_language", 35);
  c.time_zone = reader.text("time_zone", 64);
  c.user_agent = reader.text("user_agent", field);
  c.pages = reader.text_list("pages", limits::context_pages, field);
  c.utm = reader.text_map("utm", limits::context_extra_entries, field);
  c.traits = reader.text_map("traits", limits::context_extra_entries, field);
  read_person(reader, c.name, c.email, c.phone);
  if (reader.error()) return *reader.error();
  return c;
}

std::variant<HandoffRequest, Refusal> handoff_request_from_json(const object& body) {
  FieldReader reader(body, "");
  HandoffRequest request;
  auto mode_name = reader.text("mode", 16);
  auto mode = handoff_mode_from_string(mode_name);
  if (!mode) {
    std::string names;
    for (auto name : handoff_mode_names()) names += (names.empty() ? "\"" : ", \"") + std::string(name) + "\"";
    reader.fail("mode", "must be one of " + names);
  } else request.mode = *mode;
  // Shapes and lengths only: what the fields must hold, and which the mode
  // needs, is checked in one place (relay/conversation/handoff/request_rules.cpp).
  request.name = reader.text("name", limits::person_name_chars);
  request.email = reader.text("email", limits::email_chars);
  request.phone = reader.text("phone", 32);
  request.consent = reader.flag("consent");
  request.consent_text = reader.text("consent_text", limits::consent_text_chars);
  request.consent_language = reader.text("consent_language", 16);
  request.slot = reader.text("slot", 40);
  request.message = reader.text("message", limits::message_text_chars);
  request.copy_to_visitor = reader.flag("copy");
  if (reader.error()) return *reader.error();
  auto context = visitor_context_from_json(body.if_contains("context"));
  if (auto* error = std::get_if<Refusal>(&context)) return *error;
  request.context = std::get<VisitorContext>(std::move(context));
  return request;
}

}  // namespace baton
