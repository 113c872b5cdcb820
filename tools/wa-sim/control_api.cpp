#include "tools/wa-sim/control_api.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>

#include "common/percent_encoding.hpp"
#include "common/phone.hpp"
#include "common/time_format.hpp"
#include "relay/core/clock.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/responses.hpp"
#include "tools/wa-sim/graph_error.hpp"
#include "tools/wa-sim/json_fields.hpp"
#include "tools/wa-sim/media_rules.hpp"

namespace baton::sim {
namespace {

using boost::json::object;

Response bad_request(const Request& request, std::string message) {
  return error_response(request, ApiError{400, "invalid_request", std::move(message)});
}

std::optional<boost::json::value> parse_body(const Request& request) {
  boost::system::error_code ec;
  auto value = boost::json::parse(request.body(), ec);
  if (ec) return std::nullopt;
  return value;
}

// "+E164" for anything that reads as a phone number, else the text as a
// business-scoped id, else nothing.
std::optional<std::string> user_key(std::string_view typed) {
  if (auto phone = normalize_e164(typed)) return phone;
  if (auto phone = e164_from_wa_id(typed)) return phone;
  if (is_business_scoped_id(typed)) return std::string(typed);
  return std::nullopt;
}

std::int64_t now_ms() { return SystemClock().now_ms(); }

}  // namespace

std::optional<Response> ControlApi::handle(const Request& request, const Target& target) {
  const auto& s = target.segments;
  auto method = request.method();
  bool get = method == http::verb::get || method == http::verb::head;
  if (s.size() == 3 && s[0] == "sim" && s[1] == "media" && get) return media_file(request, s[2]);
  if (s.size() != 2 || s[0] != "sim") return std::nullopt;
  const auto& name = s[1];
  bool post = method == http::verb::post;
  if (name == "messages" && get) return messages(request, target);
  if (name == "inbound" && post) return inbound(request);
  if (name == "read" && post) return read(request);
  if (name == "errors" && post) return error_webhook(request);
  if (name == "template_status" && post) return template_status(request);
  if (name == "faults") return faults(request);
  if (name == "window" && post) return window(request);
  if (name == "webhooks" && get) return json_response(request, 200, state_.webhooks.log_json());
  if (name == "conversations" && get) return conversations(request, target);
  if (name == "users" && get) return json_response(request, 200, state_.users.to_json(now_ms()));
  if (name == "info" && get) return info(request);
  if (name == "settings" && (get || post)) return settings(request);
  if (name == "reset" && post) {
    state_.reset();
    log::info("reset");
    return json_response(request, 200, object{{"reset", true}});
  }
  static const std::vector<std::string> known{"messages",      "inbound", "read",     "errors", "template_status",
                                              "faults",        "window",  "webhooks", "users",  "info",
                                              "conversations", "reset",   "settings"};
  if (std::find(known.begin(), known.end(), name) != known.end()) {
    return error_response(request, ApiError{405, "method_not_allowed", "/sim/" + name + " does not take this method"});
  }
  return std::nullopt;
}

Response ControlApi::messages(const Request& request, const Target& target) {
  std::vector<std::string> to;
  if (auto filter = target.param("to")) {
    auto key = user_key(*filter);
    if (!key) return bad_request(request, "to must be a phone number such as +15551230001 or a user id");
    to = state_.users.aliases(*key);
  }
  return json_response(request, 200, state_.messages.sent_json(to));
}

Response ControlApi::conversations(const Request& request, const Target& target) {
  auto with = target.param("with");
  auto key = with ? user_key(*with) : std::nullopt;
  if (!key) return bad_request(request, "with must be a phone number such as +15551230001 or a user id");
  object body{{"with", *key}, {"messages", state_.messages.conversation_json(state_.users.aliases(*key))}};
  if (const auto* user = state_.users.find(*key)) body["user"] = state_.users.to_json(*user, now_ms());
  return json_response(request, 200, body);
}

Response ControlApi::info(const Request& request) {
  const auto& o = state_.options;
  boost::json::array templates;
  for (const auto& t : o.templates) {
    templates.push_back(object{{"name", t.name}, {"language", t.language}, {"body_params", t.body_params}});
  }
  return json_response(request, 200,
                       object{{"business_number", "+" + o.business_number},
                              {"phone_number_id", o.phone_number_id},
                              {"waba_id", o.waba_id},
                              {"templates", std::move(templates)}});
}

// GET or POST /sim/settings: what may change while wa-sim runs (a reset
// puts the command line's values back). POST takes any of the names.
Response ControlApi::settings(const Request& request) {
  if (request.method() == http::verb::post) {
    auto body = parse_body(request);
    const auto* o = body ? body->if_object() : nullptr;
    if (!o) return bad_request(request, "the body must be a JSON object such as {\"edit_webhooks\":\"unsupported\"}");
    for (const auto& [key, value] : *o) {
      if (key != "edit_webhooks") {
        return bad_request(request, "unknown setting " + std::string(key) + ": the one setting is edit_webhooks");
      }
    }
    if (fields::given(*o, "edit_webhooks")) {
      auto form = parse_edit_webhooks(fields::string_or(*o, "edit_webhooks"));
      if (!form) return bad_request(request, "edit_webhooks must be edit or unsupported");
      state_.inbound.set_edit_webhooks(*form);
      log::info("settings", {{"edit_webhooks", to_string(*form)}});
    }
  }
  return json_response(request, 200, object{{"edit_webhooks", to_string(state_.inbound.edit_webhooks())}});
}

Response ControlApi::inbound(const Request& request) {
  auto body = parse_body(request);
  if (!body) return bad_request(request, "the body must be JSON");
  auto built = state_.inbound.build(*body, state_.users, state_.messages, now_ms());
  if (auto* error = std::get_if<ApiError>(&built)) return error_response(request, *error);
  auto& in = std::get<Inbound>(built);
  auto wamid = in.record.wamid;
  log::info("user message", {{"wamid", wamid}, {"type", in.record.type}});
  // Meta does not say that an edit or a deletion opens the 24-hour window;
  // wa-sim assumes the stricter reading, that neither does.
  if (in.original_id.empty()) {
    state_.users.record_inbound(in.phone, in.user_id, in.record.name, in.record.at_ms);
    state_.messages.add_received(std::move(in.record));
  } else {
    state_.messages.apply_change(in.original_id, in.record);
  }
  state_.emit("message", state_.builder.messages(std::move(in.contact), std::move(in.message)));
  return json_response(request, 200, object{{"id", wamid}});
}

// The bytes of a file a message carried, as the phone holds them (a file
// the business deleted afterwards included). Served so that nothing in it
// can run on this origin.
Response ControlApi::media_file(const Request& request, const std::string& id) {
  const auto* media = state_.media.find_kept(id);
  if (!media) return error_response(request, ApiError{404, "unknown_media", "no media has this id"});
  auto response = text_response(request, 200, *media->bytes, media->mime);
  const auto* type = upload_type(media->mime);
  bool inline_shown = type && type->kind != AttachmentKind::document;
  std::string disposition = inline_shown ? "inline" : "attachment";
  if (!media->filename.empty()) disposition += "; filename*=UTF-8''" + percent_encode(media->filename);
  response.set(http::field::content_disposition, disposition);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Content-Security-Policy", "sandbox; default-src 'none'");
  response.set(http::field::cache_control, "private, max-age=3600");
  return response;
}

Response ControlApi::read(const Request& request) {
  auto body = parse_body(request);
  const auto* o = body ? body->if_object() : nullptr;
  auto id = o ? fields::string_at(*o, "id") : std::nullopt;
  if (!id) return bad_request(request, "id (the wamid of a business message) is required");
  switch (state_.statuses.mark_read(std::string(*id))) {
    case StatusFlow::ReadResult::unknown:
      return error_response(request, ApiError{404, "unknown_message", "no business message has this id"});
    case StatusFlow::ReadResult::failed:
      return error_response(request,
                            ApiError{409, "message_failed", "this message failed and never reached the phone"});
    case StatusFlow::ReadResult::already_read:
      return json_response(request, 200, object{{"id", *id}, {"status", "read"}, {"changed", false}});
    case StatusFlow::ReadResult::done: break;
  }
  return json_response(request, 200, object{{"id", *id}, {"status", "read"}, {"changed", true}});
}

// A webhook with value.errors: trouble Meta reports without tying it to a
// message (its own example is a throughput error).
Response ControlApi::error_webhook(const Request& request) {
  auto body = parse_body(request);
  const auto* o = body ? body->if_object() : nullptr;
  const auto* code = o ? fields::find(*o, "code") : nullptr;
  if (!code || !code->is_int64() || code->get_int64() <= 0) {
    return bad_request(request, "code (a WhatsApp error code such as 130429) is required");
  }
  if (fields::given(*o, "details") && !fields::string_at(*o, "details")) {
    return bad_request(request, "details must be a string");
  }
  auto error = async_error(code->get_int64(), fields::string_or(*o, "details"));
  state_.emit("error", state_.builder.errors(boost::json::array{std::move(error)}));
  log::info("error webhook", {{"code", code->get_int64()}});
  return json_response(request, 200, object{{"queued", true}});
}

// Meta's review of a template changed: the webhook goes out, and sends of
// it answer as Meta would (132015 paused, 132016 disabled) until approved.
Response ControlApi::template_status(const Request& request) {
  static const std::vector<std::string_view> events{"APPROVED", "PAUSED",     "DISABLED",  "REJECTED",
                                                    "FLAGGED",  "REINSTATED", "IN_APPEAL", "PENDING_DELETION"};
  auto body = parse_body(request);
  const auto* o = body ? body->if_object() : nullptr;
  auto name = o ? fields::string_or(*o, "name") : std::string_view();
  auto event = o ? fields::string_or(*o, "event") : std::string_view();
  if (name.empty() || !state_.templates.has_name(name)) {
    return bad_request(request, "name must be one of this business's templates (GET /sim/info)");
  }
  if (std::find(events.begin(), events.end(), event) == events.end()) {
    return bad_request(request,
                       "event must be APPROVED, PAUSED, DISABLED, REJECTED, FLAGGED, REINSTATED, IN_APPEAL "
                       "or PENDING_DELETION");
  }
  std::string template_name(name);
  state_.templates.set_status(template_name, std::string(event));
  state_.emit("template",
              state_.builder.template_status(template_name, std::string(fields::string_or(*o, "language", "en")),
                                             std::string(event), std::string(fields::string_or(*o, "reason"))));
  log::info("template status", {{"name", template_name}, {"event", event}});
  return json_response(request, 200, object{{"queued", true}});
}

Response ControlApi::faults(const Request& request) {
  if (request.method() == http::verb::get || request.method() == http::verb::head) {
    return json_response(request, 200, state_.faults.to_json());
  }
  if (request.method() == http::verb::delete_) {
    state_.faults.clear();
    log::info("faults cleared");
    return json_response(request, 200, state_.faults.to_json());
  }
  if (request.method() != http::verb::post) {
    return error_response(request, ApiError{405, "method_not_allowed", "use GET, POST or DELETE"});
  }
  auto body = parse_body(request);
  if (!body) return bad_request(request, "the body must be JSON");
  if (auto error = state_.faults.add(*body)) return bad_request(request, *error);
  log::info("faults added");
  return json_response(request, 200, state_.faults.to_json());
}

Response ControlApi::window(const Request& request) {
  auto body = parse_body(request);
  const auto* o = body ? body->if_object() : nullptr;
  if (!o) return bad_request(request, "the body must be a JSON object");
  auto typed = fields::string_at(*o, "phone");
  if (!typed) typed = fields::string_at(*o, "user_id");
  auto key = typed ? user_key(*typed) : std::nullopt;
  if (!key) return bad_request(request, "phone must be a phone number such as +15551230001 (or give user_id)");
  std::optional<std::int64_t> last;
  if (fields::given(*o, "last_inbound")) {
    auto text = fields::string_at(*o, "last_inbound");
    last = text ? parse_rfc3339(*text) : std::nullopt;
    if (!last) return bad_request(request, "last_inbound must be an RFC 3339 time or null");
  }
  state_.users.set_window(*key, last);
  return json_response(request, 200, state_.users.to_json(*state_.users.find(*key), now_ms()));
}

}  // namespace baton::sim
