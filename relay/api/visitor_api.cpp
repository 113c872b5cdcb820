#include "relay/api/visitor_api.hpp"

#include <algorithm>
#include <boost/beast/http/field.hpp>
#include <charconv>

#include "common/ids.hpp"
#include "common/limits.hpp"
#include "common/message_text.hpp"
#include "common/time_format.hpp"
#include "relay/api/await_read.hpp"
#include "relay/conversation/conversions.hpp"
#include "relay/conversation/handoff/modes.hpp"
#include "relay/conversation/satisfaction.hpp"
#include "relay/conversation/visitor_ends_chat.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"
#include "relay/whatsapp/wa_link.hpp"

namespace baton {
namespace {

using boost::json::array;
using boost::json::object;

std::optional<std::uint64_t> parse_count(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::uint64_t n = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
  return n;
}

object availability_json(const Availability& now) {
  array options;
  for (auto mode : now.options) options.emplace_back(to_string(mode));
  boost::json::value next_open = nullptr;
  if (now.next_open_ms) next_open = format_rfc3339(*now.next_open_ms);
  return object{
      {"online", now.online}, {"agents_online", now.agents_online}, {"next_open", next_open}, {"options", options}};
}

// The refusals of a session route's bearer token.
const ApiError missing_token{401, "missing_token", "send the session token as Authorization: Bearer"};
const ApiError invalid_token{401, "invalid_token", "the session token is not valid"};
// Another session's token: answered as if the session did not exist.
const ApiError not_this_session{404, "session_not_found", "no such session"};

Response unauthorized(const Request& request, const ApiError& error) {
  auto response = error_response(request, error);
  if (error.status == 401) response.set(http::field::www_authenticate, "Bearer");
  return response;
}

}  // namespace

net::awaitable<std::optional<Response>> VisitorApi::handle(const Request& request, const Target& target,
                                                           const std::string& client) {
  const auto& s = target.segments;
  if (s.empty() || s[0] != "v1" || (s.size() > 1 && (s[1] == "admin" || s[1] == "ws"))) co_return std::nullopt;
  if (request.method() == http::verb::options) co_return cors_.preflight(request);
  if (!cors_.allows(Cors::origin_of(request))) co_return cors_.refuse(request);
  auto response = co_await route(request, target, client);
  cors_.decorate(request, response);
  co_return response;
}

net::awaitable<Response> VisitorApi::route(const Request& request, const Target& target, const std::string& client) {
  const auto& s = target.segments;
  auto method = request.method();
  if (target.is({"v1", "sessions"})) {
    if (method != http::verb::post) co_return method_not_allowed(request, "POST");
    co_return co_await create_session(request, client);
  }
  if (target.is({"v1", "widget", "check"})) {
    // The loader asks before it draws the launcher: a refused origin was
    // answered 403 above, with the reason. Nothing is read or stored, and
    // the browser keeps the answer for the site's next pages.
    // The answer is the site owner's look for the launcher (admin page), so
    // a change reaches returning visitors within a minute.
    if (method != http::verb::get) co_return method_not_allowed(request, "GET");
    const auto& look = service_.widget_look();
    auto response = json_response(request, 200, look ? widget_look_for_loader(*look) : json::value(json::object{}));
    response.set(http::field::cache_control, "private, max-age=60");
    co_return response;
  }
  if (target.is({"v1", "availability"})) {
    if (method != http::verb::get) co_return method_not_allowed(request, "GET");
    co_return co_await availability(request);
  }
  if (target.is({"v1", "availability", "slots"})) {
    if (method != http::verb::get) co_return method_not_allowed(request, "GET");
    co_return co_await slots(request, target);
  }
  if (s.size() == 3 && s[1] == "sessions") {
    // The visitor's "Delete this conversation".
    if (method != http::verb::delete_) co_return method_not_allowed(request, "DELETE");
    auto authorized = co_await authorize(request, s[2]);
    if (auto* refusal = std::get_if<Response>(&authorized)) co_return std::move(*refusal);
    co_return co_await privacy_.erase_own_chat(request, s[2]);
  }
  if (s.size() == 4 && s[1] == "sessions" && s[3] == "conversations") {
    // "Start a new chat" once the chat has ended.
    if (method != http::verb::post) co_return method_not_allowed(request, "POST");
    auto authorized = co_await authorize(request, s[2]);
    if (auto* refusal = std::get_if<Response>(&authorized)) co_return std::move(*refusal);
    co_return co_await start_new_conversation(request, std::get<SessionRecord>(authorized));
  }
  if (s.size() == 4 && s[1] == "sessions" && s[3] == "ratings") {
    // The satisfaction survey's answer.
    if (method != http::verb::post) co_return method_not_allowed(request, "POST");
    auto authorized = co_await authorize(request, s[2]);
    if (auto* refusal = std::get_if<Response>(&authorized)) co_return std::move(*refusal);
    co_return co_await rate_chat(request, std::get<SessionRecord>(authorized));
  }
  if (s.size() == 4 && s[1] == "sessions" && s[3] == "end") {
    // The visitor's "End chat".
    if (method != http::verb::post) co_return method_not_allowed(request, "POST");
    auto authorized = co_await authorize(request, s[2]);
    if (auto* refusal = std::get_if<Response>(&authorized)) co_return std::move(*refusal);
    co_return co_await end_chat(request, std::get<SessionRecord>(authorized));
  }
  if (s.size() == 4 && s[1] == "sessions" && s[3] == "conversions") {
    // ChatWidget.track(event, {value, currency}) after a chat.
    if (method != http::verb::post) co_return method_not_allowed(request, "POST");
    auto authorized = co_await authorize(request, s[2]);
    if (auto* refusal = std::get_if<Response>(&authorized)) co_return std::move(*refusal);
    co_return co_await record_conversion(request, std::get<SessionRecord>(authorized));
  }
  if ((s.size() == 4 || s.size() == 5) && s[1] == "sessions" && s[3] == "attachments") {
    auto authorized = co_await authorize(request, s[2]);
    if (auto* refusal = std::get_if<Response>(&authorized)) co_return std::move(*refusal);
    const auto& session = std::get<SessionRecord>(authorized);
    if (s.size() == 5) {
      if (method != http::verb::get) co_return method_not_allowed(request, "GET");
      co_return co_await download_attachment(request, session, s[4]);
    }
    if (method != http::verb::post) co_return method_not_allowed(request, "POST");
    co_return co_await upload_attachment(request, session, client);
  }
  if (s.size() == 4 && s[1] == "sessions" && (s[3] == "messages" || s[3] == "handoff" || s[3] == "call")) {
    auto authorized = co_await authorize(request, s[2]);
    if (auto* refusal = std::get_if<Response>(&authorized)) co_return std::move(*refusal);
    const auto& session = std::get<SessionRecord>(authorized);
    if (s[3] == "messages") {
      if (method == http::verb::get) co_return co_await list_messages(request, target, session);
      if (method == http::verb::post) co_return co_await post_message(request, session, client);
      co_return method_not_allowed(request, "GET, POST");
    }
    if (s[3] == "call") {
      if (method != http::verb::delete_) co_return method_not_allowed(request, "DELETE");
      co_return co_await cancel_call(request, session);
    }
    if (method == http::verb::get) co_return co_await handoff_response(request, session.id, std::nullopt);
    if (method != http::verb::post) co_return method_not_allowed(request, "GET, POST");
    co_return co_await handoff(request, session, client);
  }
  co_return error_response(request, ApiError{404, "not_found", "no such API endpoint"});
}

net::awaitable<std::variant<SessionRecord, Response>> VisitorApi::authorize(const Request& request,
                                                                            const std::string& session_id) {
  auto token = bearer_token(request);
  if (token.empty()) co_return unauthorized(request, missing_token);
  auto found = co_await await_callback<Outcome<std::optional<SessionRecord>>>(
      [&](auto done) { service_.find_session_by_token(token, std::move(done)); });
  if (auto* error = std::get_if<Refusal>(&found)) co_return refusal_response(request, *error);
  auto& session = std::get<std::optional<SessionRecord>>(found);
  if (!session) co_return unauthorized(request, invalid_token);
  if (session->id != session_id) co_return unauthorized(request, not_this_session);
  co_return std::move(*session);
}

net::awaitable<Response> VisitorApi::create_session(const Request& request, const std::string& client) {
  boost::json::value context;
  if (!request.body().empty()) {
    auto parsed = parse_object(request.body());
    if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
    auto& body = std::get<object>(parsed);
    if (auto* c = body.if_contains("context")) context = *c;
  }
  auto visitor = visitor_context_from_json(&context);
  if (auto* error = std::get_if<Refusal>(&visitor)) co_return refusal_response(request, *error);
  if (auto limited = service_.limits().new_session(client, service_.clock().now_ms())) {
    co_return refusal_response(request, *limited);
  }

  auto outcome = co_await await_callback<Outcome<CreatedSession>>([&](auto done) {
    service_.create_session(std::get<VisitorContext>(std::move(visitor)), std::string(Cors::origin_of(request)), done);
  });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  const auto& created = std::get<CreatedSession>(outcome);
  co_return json_response(request, 201,
                          object{{"session_id", created.session.id},
                                 {"token", created.token},
                                 {"code", created.session.code},
                                 {"messages", array{to_json(created.greeting)}}});
}

net::awaitable<Response> VisitorApi::list_messages(const Request& request, const Target& target,
                                                   const SessionRecord& session) {
  auto after = target.param("after") ? parse_count(target.param("after")) : std::optional<std::uint64_t>(0);
  if (!after) co_return error_response(request, ApiError{400, "invalid_after", "after must be a sequence number"});
  auto limit = target.param("limit") ? parse_count(target.param("limit"))
                                     : std::optional<std::uint64_t>(limits::messages_per_page);
  if (!limit || *limit == 0 || *limit > limits::messages_per_page) {
    co_return error_response(request, ApiError{400, "invalid_limit",
                                               "limit must be from 1 to " + std::to_string(limits::messages_per_page)});
  }
  auto read = co_await await_read<std::vector<Message>>(
      service_, [&](StoreTx& tx) { return tx.messages().after(session.id, *after, *limit + 1); });
  if (auto* error = std::get_if<Refusal>(&read)) co_return refusal_response(request, *error);
  auto& messages = std::get<std::vector<Message>>(read);
  bool has_more = messages.size() > *limit;
  if (has_more) messages.pop_back();
  array list;
  for (const auto& m : messages) list.push_back(to_json(m));
  co_return json_response(request, 200,
                          object{{"messages", list}, {"has_more", has_more}, {"state", to_string(session.state)}});
}

net::awaitable<Response> VisitorApi::post_message(const Request& request, const SessionRecord& session,
                                                  const std::string& client) {
  auto parsed = parse_object(request.body());
  if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
  const auto& body = std::get<object>(parsed);
  const auto* cid = body.if_contains("cid");
  if (!cid || !cid->is_string() || !is_valid_client_id(cid->get_string())) {
    co_return error_response(request, ApiError{400, "invalid_cid", "cid must be 1-64 characters of A-Z a-z 0-9 _ -"});
  }
  std::string attachment;
  if (const auto* named = body.if_contains("attachment"); named && !named->is_null()) {
    if (!named->is_string() || !is_attachment_id(named->get_string())) {
      co_return error_response(request,
                               ApiError{400, "invalid_attachment", "attachment: must be the id of an uploaded file"});
    }
    attachment = std::string(named->get_string());
  }
  const auto* text = body.if_contains("text");
  if (!text || !text->is_string()) {
    co_return error_response(request, ApiError{400, "invalid_field", "text: must be a string"});
  }
  if (auto problem = check_visitor_text(text->get_string(), !attachment.empty())) {
    co_return error_response(request,
                             ApiError{400, std::string(error_code(*problem)), std::string(describe(*problem))});
  }
  if (auto limited = service_.limits().message(session.id, client, service_.clock().now_ms())) {
    co_return refusal_response(request, *limited);
  }
  auto outcome = co_await await_callback<Outcome<PostedMessage>>([&](auto done) {
    service_.post_visitor_message(session.id, std::string(cid->get_string()), std::string(text->get_string()),
                                  attachment, done);
  });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return json_response(request, 201, to_json(std::get<PostedMessage>(outcome).message));
}

net::awaitable<Response> VisitorApi::handoff(const Request& request, const SessionRecord& session,
                                             const std::string& client) {
  auto parsed = parse_object(request.body());
  if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
  auto handoff_request = handoff_request_from_json(std::get<object>(parsed));
  if (auto* error = std::get_if<Refusal>(&handoff_request)) co_return refusal_response(request, *error);
  bool by_email = handoff_mode(std::get<HandoffRequest>(handoff_request).mode).mails_team;
  if (auto limited = service_.limits().handoff(session.id, client, by_email, service_.clock().now_ms())) {
    co_return refusal_response(request, *limited);
  }
  auto outcome = co_await await_callback<Outcome<HandoffState>>([&](auto done) {
    service_.request_handoff(session.id, client, std::get<HandoffRequest>(std::move(handoff_request)), done);
  });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return co_await handoff_response(request, session.id, std::get<HandoffState>(outcome));
}

net::awaitable<Response> VisitorApi::start_new_conversation(const Request& request, const SessionRecord& session) {
  auto outcome = co_await await_callback<Outcome<SessionRecord>>(
      [&](auto done) { service_.start_new_conversation(session.id, done); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return co_await handoff_response(request, session.id, std::nullopt);
}

net::awaitable<Response> VisitorApi::end_chat(const Request& request, const SessionRecord& session) {
  auto outcome = co_await await_callback<Outcome<SessionState>>([&](auto done) {
    service_.run<SessionState>(
        [this, session_id = session.id](SessionLog& log) {
          return end_chat_by_visitor_tx(log, session_id, service_.agents());
        },
        done);
  });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return json_response(request, 200, json::object{{"state", to_string(std::get<SessionState>(outcome))}});
}

net::awaitable<Response> VisitorApi::rate_chat(const Request& request, const SessionRecord& session) {
  auto parsed = parse_object(request.body());
  if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
  const auto& body = std::get<json::object>(parsed);
  const auto* survey = body.if_contains("survey");
  const auto* score = body.if_contains("score");
  const auto* comment = body.if_contains("comment");
  if (!survey || !survey->is_string() || !score || !score->is_int64() ||
      (comment && !comment->is_null() && !comment->is_string())) {
    co_return error_response(
        request, ApiError{400, "invalid_rating", "send {\"survey\": \"m_...\", \"score\": 1 to 5, \"comment\"?}"});
  }
  RatingReply reply{std::string(survey->get_string()),
                    static_cast<int>(std::clamp<std::int64_t>(score->get_int64(), 0, 6))};
  std::string words = comment && comment->is_string() ? std::string(comment->get_string()) : std::string();
  auto outcome = co_await await_callback<Outcome<bool>>([&](auto done) {
    service_.run<bool>(
        [session_id = session.id, reply, words](SessionLog& log) {
          rate_chat_tx(log, session_id, reply, words);
          return true;
        },
        done);
  });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return json_response(request, 201, json::object{{"rated", true}});
}

net::awaitable<Response> VisitorApi::record_conversion(const Request& request, const SessionRecord& session) {
  auto parsed = parse_object(request.body());
  if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
  auto read = conversion_from_json(std::get<json::object>(parsed));
  if (auto* problem = std::get_if<std::string>(&read)) {
    co_return error_response(request, ApiError{400, "invalid_conversion", *problem});
  }
  auto conversion = std::get<ConversionRecord>(std::move(read));
  conversion.session_id = session.id;
  auto outcome = co_await await_callback<Outcome<bool>>([&](auto done) {
    service_.run<bool>([conversion](SessionLog& log) { return record_conversion_tx(log, conversion); }, done);
  });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  bool stored = std::get<bool>(outcome);
  co_return json_response(request, stored ? 201 : 200, json::object{{"recorded", stored}});
}

net::awaitable<Response> VisitorApi::cancel_call(const Request& request, const SessionRecord& session) {
  auto outcome = co_await await_callback<Outcome<CallRecord>>(
      [&](auto done) { service_.cancel_call(session.id, done); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return co_await handoff_response(request, session.id, std::nullopt);
}

net::awaitable<Response> VisitorApi::handoff_response(const Request& request, const std::string& session_id,
                                                      const std::optional<HandoffState>& state) {
  // A named function, not a lambda made inside the co_await: GCC 12
  // destroys what such a temporary owns twice.
  std::function<HandoffStanding(StoreTx&)> work = [session_id, now_ms = service_.clock().now_ms()](StoreTx& tx) {
    return HandoffStanding{tx.sessions().find(session_id), tx.calls().booked_for_session(session_id, now_ms)};
  };
  auto read = co_await await_read<HandoffStanding>(service_, std::move(work));
  if (auto* error = std::get_if<Refusal>(&read)) co_return refusal_response(request, *error);
  co_return json_response(request, 200, handoff_json(std::get<HandoffStanding>(read), state));
}

object VisitorApi::handoff_json(const HandoffStanding& standing, const std::optional<HandoffState>& state) const {
  const auto& session = standing.session;
  if (!session) return to_json(state.value_or(HandoffState{}));
  HandoffState now = state.value_or(HandoffState{session->mode, session->state, session->code, {}});
  if (!state && session->state != SessionState::bot) {
    if (const auto agent = service_.agents().find_by_phone(session->agent_phone)) now.agent_name = agent->name;
  }
  auto out = to_json(now);
  if (session->mode == HandoffMode::whatsapp && !session->visitor_whatsapp.empty()) {
    auto link = wa_me_link(service_.config().business_number, session->code);
    out["whatsapp"] = object{{"phone", session->visitor_whatsapp},
                             {"link", link},
                             {"qr", qr_data_url(link)},
                             {"joined", session->whatsapp_joined_ms > 0}};
  }
  if (const auto& call = standing.call) {
    const auto agent = service_.agents().find_by_phone(call->agent_phone);
    out["call"] = object{{"start", format_rfc3339(call->start_ms)},
                         {"end", format_rfc3339(call->end_ms)},
                         {"phone", call->visitor_phone},
                         {"ics", call_ics(*call, *session, agent ? agent->name : std::string("our team"))}};
  }
  return out;
}

net::awaitable<Response> VisitorApi::slots(const Request& request, const Target& target) {
  int days = 7;
  if (auto given = target.param("days")) {
    auto n = parse_count(given);
    if (!n || *n < 1 || *n > static_cast<std::uint64_t>(SlotRules::max_days)) {
      co_return error_response(
          request, ApiError{400, "invalid_days", "days must be from 1 to " + std::to_string(SlotRules::max_days)});
    }
    days = static_cast<int>(*n);
  }
  auto work = service_.slots_reader(days);
  auto read = co_await await_read<std::vector<CallSlot>>(service_, std::move(work));
  if (auto* error = std::get_if<Refusal>(&read)) co_return refusal_response(request, *error);
  array list;
  for (const auto& slot : std::get<std::vector<CallSlot>>(read)) {
    list.push_back(object{{"start", format_rfc3339(slot.start_ms)}, {"end", format_rfc3339(slot.end_ms)}});
  }
  co_return json_response(request, 200, object{{"slots", std::move(list)}});
}

net::awaitable<Response> VisitorApi::availability(const Request& request) {
  auto work = service_.availability_reader();
  auto read = co_await await_read<Availability>(service_, std::move(work));
  if (auto* error = std::get_if<Refusal>(&read)) co_return refusal_response(request, *error);
  co_return json_response(request, 200, availability_json(std::get<Availability>(read)));
}

}  // namespace baton
