#include "tools/wa-sim/graph_api.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>

#include "relay/core/clock.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/responses.hpp"
#include "tools/wa-sim/meta_json.hpp"

namespace baton::sim {
namespace {

bool is_version(std::string_view segment) {
  // "v23.0": 'v', digits, '.', digits.
  auto dot = segment.find('.');
  if (segment.size() < 4 || segment.front() != 'v' || dot == std::string_view::npos) return false;
  auto major = segment.substr(1, dot - 1);
  auto minor = segment.substr(dot + 1);
  auto digits = [](std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == s.npos; };
  return digits(major) && digits(minor);
}

// {version}/{id}/{edge}, the version being optional as in Graph.
struct SendPath {
  std::string version;
  std::string object_id;
};

std::optional<SendPath> edge_path(const std::vector<std::string>& segments, std::string_view edge) {
  if (segments.size() == 3 && is_version(segments[0]) && segments[2] == edge) {
    return SendPath{segments[0], segments[1]};
  }
  if (segments.size() == 2 && segments[1] == edge) return SendPath{{}, segments[0]};
  return std::nullopt;
}

std::optional<SendPath> send_path(const std::vector<std::string>& segments) { return edge_path(segments, "messages"); }

// {version}/{id}: reading a node, as GET /{phone-number-id} does.
std::optional<SendPath> node_path(const std::vector<std::string>& segments) {
  if (segments.size() == 2 && is_version(segments[0])) return SendPath{segments[0], segments[1]};
  if (segments.size() == 1 && !is_version(segments[0])) return SendPath{{}, segments[0]};
  return std::nullopt;
}

// "+1 555-000-1234" for North American numbers, as Meta shows them; "+" and
// the digits otherwise.
std::string display_number(const std::string& digits) {
  if (digits.size() == 11 && digits.front() == '1') {
    return "+1 " + digits.substr(1, 3) + "-" + digits.substr(4, 3) + "-" + digits.substr(7);
  }
  return "+" + digits;
}

std::string lower_method(const Request& request) {
  std::string method(request.method_string());
  for (auto& c : method) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return method;
}

std::string_view access_token(const Request& request, const Target& target) {
  auto bearer = bearer_token(request);
  if (!bearer.empty()) return bearer;
  // Graph also takes the token as a query parameter.
  auto it = target.query.find("access_token");
  return it == target.query.end() ? std::string_view() : std::string_view(it->second);
}

// What a proxy in front of Graph answers when it gives up: not JSON.
Response plain_status(const Request& request, unsigned status) {
  auto reason = std::string(http::obsolete_reason(static_cast<http::status>(status)));
  auto text = "<html><head><title>" + std::to_string(status) + " " + reason + "</title></head><body><h1>" +
              std::to_string(status) + " " + reason + "</h1></body></html>\n";
  return text_response(request, status, text, "text/html; charset=utf-8");
}

}  // namespace

bool GraphApi::rejects(const http::request_header<>& header) {
  if (header.method() != http::verb::post) return false;
  auto target = Target::parse(header.target());
  if (!target || !send_path(target->segments)) return false;
  if (!state_.faults.take(FaultKind::reject)) return false;
  log::info("fault: connection rejected");
  return true;
}

Response GraphApi::json(const Request& request, unsigned status, const boost::json::value& body,
                        std::string_view version) {
  auto trace = state_.trace_id();
  auto response = text_response(request, status, serialize_meta(body), "application/json; charset=UTF-8");
  response.erase(http::field::server);
  response.set(http::field::cache_control, "private, no-cache, no-store, must-revalidate");
  response.set("x-fb-trace-id", trace);
  response.set("x-fb-request-id", state_.trace_id());
  if (!version.empty()) response.set("facebook-api-version", version);
  return response;
}

Response GraphApi::error(const Request& request, const GraphError& error, std::string_view version) {
  auto response = json(request, error.http_status, error.to_json(state_.trace_id()), version);
  if (error.code == 190) {
    response.set(http::field::www_authenticate,
                 "OAuth \"Facebook Platform\" \"invalid_token\" \"" + error.message + "\"");
  }
  log::info("graph call refused", {{"code", error.code}, {"http_status", error.http_status}});
  return response;
}

// The business number's node, as GET /{phone-number-id} answers it: all of
// its fields, or only those `fields=` names (and always the id).
Response GraphApi::phone_number(const Request& request, const Target& target, std::string_view version) {
  boost::json::object all{{"verified_name", state_.options.business_name},
                          {"code_verification_status", "VERIFIED"},
                          {"display_phone_number", display_number(state_.options.business_number)},
                          {"quality_rating", "GREEN"},
                          {"platform_type", "CLOUD_API"},
                          {"throughput", boost::json::object{{"level", "STANDARD"}}},
                          {"id", state_.options.phone_number_id}};
  auto fields = target.query.find("fields");
  if (fields == target.query.end()) return json(request, 200, all, version);
  boost::json::object chosen;
  std::string_view list = fields->second;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto name = list.substr(0, comma);
    if (auto* value = all.if_contains(name)) chosen[name] = *value;
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  chosen["id"] = state_.options.phone_number_id;
  return json(request, 200, chosen, version);
}

Response GraphApi::accepted(const Request& request, const SendRequest& send, const std::string& wamid,
                            std::string_view version) {
  boost::json::object contact{{"input", send.input}};
  if (!send.wa_id.empty()) contact["wa_id"] = send.wa_id;
  else contact["user_id"] = send.user_id;
  boost::json::object body{{"messaging_product", "whatsapp"},
                           {"contacts", boost::json::array{std::move(contact)}},
                           {"messages", boost::json::array{boost::json::object{{"id", wamid}}}}};
  return json(request, 200, body, version);
}

Response GraphApi::answer(const Request& request, const MediaApi::Answer& answer, std::string_view version) {
  if (const auto* refused = std::get_if<GraphError>(&answer)) return error(request, *refused, version);
  return json(request, 200, std::get<boost::json::value>(answer), version);
}

// GET or DELETE /{id}: the business number, or a media file.
Response GraphApi::node(const Request& request, const Target& target, const std::string& id, std::string_view version) {
  bool get = request.method() == http::verb::get;
  if (get && id == state_.options.phone_number_id) return phone_number(request, target, version);
  if (get) {
    if (auto described = media_.describe(request, id)) return json(request, 200, *described, version);
  } else if (media_.remove(id)) {
    return json(request, 200, boost::json::object{{"success", true}}, version);
  }
  return error(request, GraphError::unknown_object(lower_method(request), id), version);
}

Reply GraphApi::download(const Request& request, std::string_view token) {
  auto result = media_.download(request, token);
  if (auto* refused = std::get_if<GraphError>(&result)) return Reply{error(request, *refused, {})};
  return Reply{std::move(std::get<Response>(result))};
}

Reply GraphApi::handle(const Request& request, const Target& target) {
  auto method = request.method();
  if (auto node_at = node_path(target.segments);
      node_at && (method == http::verb::get || method == http::verb::delete_)) {
    if (access_token(request, target) != state_.options.access_token || state_.faults.account_error() == 190) {
      return Reply{error(request, GraphError::invalid_token(), node_at->version)};
    }
    return Reply{node(request, target, node_at->object_id, node_at->version)};
  }
  auto path = send_path(target.segments);
  auto upload = path ? std::nullopt : edge_path(target.segments, "media");
  if (upload) path = upload;
  std::string version = path ? path->version : std::string();
  if (!path) {
    std::string joined;
    for (const auto& segment : target.segments) joined += "/" + segment;
    return Reply{error(request, GraphError::unknown_path(joined.empty() ? "/" : joined), {})};
  }
  if (access_token(request, target) != state_.options.access_token) {
    return Reply{error(request, GraphError::invalid_token(), version)};
  }
  // An account fault: a revoked token fails everything; a locked or unpaid
  // account still reads its number but sends (and uploads) nothing.
  if (auto code = state_.faults.account_error()) {
    log::info("fault: account", {{"code", *code}});
    if (*code == 190) return Reply{error(request, GraphError::invalid_token(), version)};
    return Reply{error(request, GraphError::coded(*code, std::string(error_details(*code))), version)};
  }
  if (path->object_id != state_.options.phone_number_id || request.method() != http::verb::post) {
    return Reply{error(request, GraphError::unknown_object(lower_method(request), path->object_id), version)};
  }
  if (upload) return Reply{answer(request, media_.upload(request), version)};
  return send(request, version);
}

// {"messaging_product":"whatsapp","status":"read","message_id":…}, with an
// optional "typing_indicator":{"type":"text"}: not a message, no window or
// pair limit; an id no user sent is refused as Meta refuses it.
std::optional<Response> GraphApi::mark_read(const Request& request, const std::string& version) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(request.body(), ec);
  const auto* body = !ec ? parsed.if_object() : nullptr;
  const auto* status = body ? body->if_contains("status") : nullptr;
  if (!status || !status->is_string() || status->get_string() != "read") return std::nullopt;
  const auto* id = body->if_contains("message_id");
  if (!id || !id->is_string()) return error(request, GraphError::parameter_required("message_id"), version);
  bool typing = false;
  if (const auto* indicator = body->if_contains("typing_indicator")) {
    const auto* type = indicator->is_object() ? indicator->as_object().if_contains("type") : nullptr;
    if (!type || !type->is_string() || type->get_string() != "text") {
      return error(request, GraphError::invalid_parameter("Param typing_indicator['type'] must be text."), version);
    }
    typing = true;
  }
  if (!state_.messages.mark_read(std::string(id->get_string()), typing, SystemClock().now_ms())) {
    return error(request, GraphError::invalid_parameter("Invalid parameter: message_id is not a message a user sent."),
                 version);
  }
  return json(request, 200, boost::json::object{{"success", true}}, version);
}

Reply GraphApi::send(const Request& request, const std::string& version) {
  if (auto marked = mark_read(request, version)) return Reply{std::move(*marked)};
  auto validated = state_.validator.validate(request.body());
  if (auto* refused = std::get_if<GraphError>(&validated)) return Reply{error(request, *refused, version)};
  auto& send = std::get<SendRequest>(validated);
  if (auto refused = media_.attach(send)) return Reply{error(request, *refused, version)};
  auto recipient = send.recipient_key();
  auto now = SystemClock().now_ms();

  switch (state_.limiter.admit(recipient, now)) {
    case RateLimiter::Verdict::throughput:
      return Reply{error(request, GraphError::coded(130429, std::string(error_details(130429))), version)};
    case RateLimiter::Verdict::pair:
      return Reply{error(request, GraphError::coded(131056, std::string(error_details(131056))), version)};
    case RateLimiter::Verdict::ok: break;
  }

  Reply reply;
  if (auto fault = state_.faults.take_send_fault()) {
    log::info("fault: send", {{"kind", to_string(fault->kind)}});
    if (fault->kind == FaultKind::error) {
      return Reply{error(request, GraphError::coded(fault->code, std::string(error_details(fault->code))), version)};
    }
    if (fault->kind == FaultKind::http_status) return Reply{plain_status(request, fault->status)};
    if (fault->kind == FaultKind::slow) reply.delay = std::chrono::milliseconds(fault->delay_ms);
    if (fault->kind == FaultKind::drop_response) reply.action = Reply::Action::drop;
  }

  bool window_open = state_.users.window_open(recipient, now);
  bool needs_window = !send.is_template();
  if (needs_window && !window_open && state_.faults.window_errors() == WindowErrors::sync) {
    return Reply{error(request, GraphError::coded(131047, std::string(error_details(131047))), version)};
  }
  std::int64_t failure = 0;
  // A number that is not on WhatsApp fails whatever the window says.
  if (!send.wa_id.empty() && state_.faults.undeliverable(recipient)) failure = 131026;
  else if (needs_window && !window_open) failure = 131047;

  auto wamid = state_.wamids.outbound(send.wa_id.empty() ? send.user_id : send.wa_id);
  state_.users.note(recipient);
  SentMessage message;
  message.wamid = wamid;
  message.request = send;
  message.to = recipient;
  message.accepted_ms = now;
  message.window_open = window_open;
  state_.messages.add_sent(std::move(message));
  state_.statuses.start(wamid, failure);
  log::info("message accepted", {{"wamid", wamid}, {"type", send.type}, {"will_fail", failure}});
  reply.response = accepted(request, send, wamid, version);
  return reply;
}

}  // namespace baton::sim
