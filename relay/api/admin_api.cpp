#include "relay/api/admin_api.hpp"

#include "relay/api/attachment_response.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <charconv>
#include <limits>

#include "common/limits.hpp"
#include "common/phone.hpp"
#include "common/time_format.hpp"
#include "relay/api/await_read.hpp"
#include "relay/conversation/message_trace.hpp"
#include "relay/conversation/success_metrics.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/cookies.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {
namespace {

constexpr std::string_view http_csrf_header = "X-CSRF-Token";

using boost::json::array;
using boost::json::object;

object session_summary(const SessionRecord& s) {
  return object{{"session_id", s.id},
                {"code", s.code},
                {"state", to_string(s.state)},
                {"mode", to_string(s.mode)},
                {"agent_phone", s.agent_phone},
                {"visitor_name", s.context.name},
                {"page_url", s.context.page_url},
                {"origin", s.origin},
                {"last_seq", s.last_seq},
                {"created", format_rfc3339(s.created_ms)},
                {"updated", format_rfc3339(s.updated_ms)}};
}

}  // namespace

net::awaitable<std::optional<Response>> AdminApi::handle(const Request& request, const Target& target,
                                                         const std::string& client) {
  const auto& s = target.segments;
  if (s.size() < 2 || s[0] != "v1" || s[1] != "admin") co_return std::nullopt;
  if (auto locked = service_.limits().admin_attempt(client, service_.clock().now_ms())) {
    co_return refusal_response(request, *locked);
  }
  auto now = service_.clock().now_ms();
  if (target.is({"v1", "admin", "login"})) co_return co_await sign_in(request, client);
  auto token = bearer_token(request);
  std::string actor = "api@" + client;
  if (token.empty()) {
    // The admin page: a session cookie, and for every change its CSRF token.
    auto cookie = cookie_value(request, AdminSessions::cookie_name);
    auto csrf = cookie ? sessions_.find(*cookie, now) : std::nullopt;
    if (!csrf) {
      auto response = error_response(request, ApiError{401, "signed_out", "sign in with the admin token"});
      response.set(http::field::www_authenticate, "Bearer");
      co_return response;
    }
    if (target.is({"v1", "admin", "session"})) co_return json_response(request, 200, object{{"csrf", *csrf}});
    bool reads = request.method() == http::verb::get || request.method() == http::verb::head;
    auto sent = request[http_csrf_header];
    if (!reads && !crypto::equal(crypto::sha256(sent), crypto::sha256(*csrf))) {
      co_return error_response(request, ApiError{403, "csrf_failed", "the page's X-CSRF-Token is missing or stale"});
    }
    if (target.is({"v1", "admin", "logout"})) {
      sessions_.close(*cookie);
      Response response{http::status::no_content, request.version()};
      response.set(http::field::set_cookie, admin_cookie({}, secure_cookies()));
      co_return response;
    }
    actor = "page@" + client;
  } else if (!crypto::equal(crypto::sha256(token), token_hash_)) {
    co_return co_await refuse_token(request, client);
  }
  // Changes are audited with what they answered.
  auto audited = [&](std::string action, std::string on, Response response) -> net::awaitable<Response> {
    co_await actions_.audit_change(actor, action, on, response.result_int(), response.body());
    co_return response;
  };
  if (target.is({"v1", "admin", "visitors"})) {
    auto response = co_await privacy_.visitors(request, target);
    if (request.method() != http::verb::delete_) co_return response;
    // Who was erased is not kept: only how many chats went.
    co_return co_await audited("erase_visitor", "a visitor", std::move(response));
  }
  if (target.is({"v1", "admin", "actions"})) {
    if (request.method() != http::verb::post) {
      auto response = error_response(request, ApiError{405, "method_not_allowed", "use POST"});
      response.set(http::field::allow, "POST");
      co_return response;
    }
    auto parsed = parse_object(request.body());
    if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
    auto answer = co_await actions_.perform(std::get<object>(parsed), actor);
    co_return json_response(request, answer.status, answer.body);
  }
  if (target.is({"v1", "admin", "outbox"}) && request.method() == http::verb::delete_) {
    auto on = target.param("session") ? "chat " + std::string(*target.param("session"))
                                      : "recipient " + masked_phone(target.param("recipient").value_or(""));
    auto response = co_await cancel_queued(request, target);
    co_return co_await audited("cancel_queued", on, std::move(response));
  }
  if (target.is({"v1", "admin", "whatsapp", "test"}) || target.is({"v1", "admin", "mail", "test"})) {
    if (request.method() != http::verb::post) {
      auto response = error_response(request, ApiError{405, "method_not_allowed", "use POST"});
      response.set(http::field::allow, "POST");
      co_return response;
    }
    if (s[2] == "whatsapp") {
      auto response = co_await connection_tests_.test_whatsapp(request);
      co_return co_await audited("test_whatsapp", "the WhatsApp connection", std::move(response));
    }
    auto response = co_await connection_tests_.test_mail(request);
    co_return co_await audited("test_mail", "the e-mail fallback", std::move(response));
  }
  // Trying a question changes nothing: not audited.
  if (target.is({"v1", "admin", "faq", "try"})) co_return co_await assistant_.try_question(request);
  if (s.size() == 4 && s[2] == "calls" && request.method() == http::verb::delete_) {
    auto response = co_await cancel_call(request, s[3]);
    co_return co_await audited("cancel_call", "call " + s[3], std::move(response));
  }
  // A setting: read (GET), set (PUT) or given back to the flags (DELETE);
  // each change audited as set_NAME or reset_NAME, with the value before
  // it (what a read answered then) and after.
  bool changes = request.method() == http::verb::put || request.method() == http::verb::delete_;
  std::string before;
  if (changes && setting_named(target)) {
    Request read{http::verb::get, request.target(), request.version()};
    auto was = co_await setting_now(target, read);
    if (was.result_int() == 200) before = was.body();
  }
  auto setting = [&](std::string name, std::string on, Response response) -> net::awaitable<Response> {
    if (!changes || response.result_int() == 405) co_return response;
    co_await actions_.audit_change(actor, (request.method() == http::verb::put ? "set_" : "reset_") + name, on,
                                   response.result_int(), response.body(), before);
    co_return response;
  };
  // (Each response is awaited into a local first: see analytics() on GCC 12.)
  if (target.is({"v1", "admin", "retention"})) {
    auto response = co_await retention(request);
    co_return co_await setting("retention", "retention", std::move(response));
  }
  if (target.is({"v1", "admin", "origins"})) {
    auto response = co_await origins_.handle(request);
    co_return co_await setting("origins", "allowed origins", std::move(response));
  }
  if (target.is({"v1", "admin", "hours"})) {
    auto response = co_await hours(request);
    co_return co_await setting("hours", "business hours", std::move(response));
  }
  if (target.is({"v1", "admin", "whatsapp"})) {
    auto response = co_await connection_tests_.whatsapp(request);
    co_return co_await setting("whatsapp", "the WhatsApp account", std::move(response));
  }
  if (target.is({"v1", "admin", "widget"})) {
    auto response = co_await widget(request);
    co_return co_await setting("widget", "the widget's look", std::move(response));
  }
  if (target.is({"v1", "admin", "rates"})) {
    auto response = co_await rates(request);
    co_return co_await setting("rates", "rate card", std::move(response));
  }
  if (target.is({"v1", "admin", "faq"})) {
    auto response = co_await assistant_.faq(request);
    co_return co_await setting("faq", "the FAQ", std::move(response));
  }
  if (target.is({"v1", "admin", "model"})) {
    auto response = co_await assistant_.model(request);
    co_return co_await setting("model", "the model", std::move(response));
  }
  if (target.is({"v1", "admin", "mail", "settings"}) && request.method() != http::verb::get) {
    auto response = co_await connection_tests_.mail(request);
    co_return co_await setting("mail", "the e-mail fallback", std::move(response));
  }
  if (target.is({"v1", "admin", "agents"})) {
    auto response = co_await agents(request);
    co_return co_await setting("agents", "agents", std::move(response));
  }
  if (request.method() != http::verb::get) {
    auto response = error_response(request, ApiError{405, "method_not_allowed", "use GET"});
    response.set(http::field::allow, "GET");
    co_return response;
  }
  if (target.is({"v1", "admin", "sessions"})) co_return co_await sessions(request, target);
  if (s.size() == 4 && s[2] == "sessions") co_return co_await session(request, s[3]);
  if (s.size() == 6 && s[2] == "sessions" && s[4] == "attachments") {
    using Found = std::optional<ConversationService::ReadFile>;
    auto outcome = co_await await_callback<Outcome<Found>>(
        [&](auto done) { service_.read_attachment(std::string(s[3]), std::string(s[5]), done); });
    if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
    auto& found = std::get<Found>(outcome);
    if (!found) co_return error_response(request, ApiError{404, "attachment_not_found", "no such file in that chat"});
    co_return attachment_response(request, found->shown, std::move(found->bytes));
  }
  if (target.is({"v1", "admin", "outbox"})) co_return co_await outbox(request);
  if (target.is({"v1", "admin", "mail"})) co_return co_await mail(request);
  if (target.is({"v1", "admin", "mail", "settings"})) co_return co_await connection_tests_.mail(request);
  if (target.is({"v1", "admin", "calls"})) co_return co_await calls(request);
  if (target.is({"v1", "admin", "trace"})) co_return co_await trace(request, target);
  if (target.is({"v1", "admin", "audit"})) co_return co_await audit(request, target);
  if (target.is({"v1", "admin", "analytics"})) co_return co_await analytics(request, target);
  if (target.is({"v1", "admin", "webhooks"})) co_return kept_list(request, webhooks_);
  if (s.size() == 4 && s[2] == "webhooks") co_return kept_one(request, webhooks_, s[3]);
  if (target.is({"v1", "admin", "graph_calls"})) co_return kept_list(request, graph_calls_);
  if (s.size() == 4 && s[2] == "graph_calls") co_return kept_one(request, graph_calls_, s[3]);
  if (target.is({"v1", "admin", "simulator", "faults"})) {
    auto answer = co_await actions_.simulator_faults();
    co_return json_response(request, answer.status, answer.body);
  }
  co_return error_response(request, ApiError{404, "not_found", "no such admin endpoint"});
}

net::awaitable<Response> AdminApi::refuse_token(const Request& request, const std::string& client) {
  // Each wrong token waits longer for its answer: guessing gets slow long
  // before the lockout.
  net::steady_timer wait(co_await net::this_coro::executor,
                         service_.limits().admin_failed(client, service_.clock().now_ms()));
  co_await wait.async_wait(net::use_awaitable);
  auto response = error_response(request, ApiError{401, "invalid_admin_token", "admin token required"});
  response.set(http::field::www_authenticate, "Bearer");
  co_return response;
}

net::awaitable<Response> AdminApi::sign_in(const Request& request, const std::string& client) {
  if (request.method() != http::verb::post) {
    auto response = error_response(request, ApiError{405, "method_not_allowed", "use POST"});
    response.set(http::field::allow, "POST");
    co_return response;
  }
  auto parsed = parse_object(request.body());
  const auto* body = std::get_if<object>(&parsed);
  const auto* token = body ? body->if_contains("token") : nullptr;
  if (!token || !token->is_string() ||
      !crypto::equal(crypto::sha256(std::string_view(token->get_string())), token_hash_)) {
    co_return co_await refuse_token(request, client);
  }
  auto opened = sessions_.open(service_.clock().now_ms());
  auto response = json_response(request, 200, object{{"csrf", opened.csrf}});
  response.set(http::field::set_cookie, admin_cookie(opened.cookie, secure_cookies()));
  response.set(http::field::cache_control, "no-store");
  co_return response;
}

bool AdminApi::secure_cookies() const { return service_.config().public_url.starts_with("https://"); }

net::awaitable<Response> AdminApi::analytics(const Request& request, const Target& target) {
  constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
  // A date is its midnight (UTC); a time is RFC 3339.
  auto when = [&](const char* key, std::int64_t fallback) -> std::optional<std::int64_t> {
    auto text = target.param(key);
    if (!text) return fallback;
    if (text->size() == 10) return parse_rfc3339(*text + "T00:00:00Z");
    return parse_rfc3339(*text);
  };
  MetricsQuery query;
  auto to = when("to", service_.clock().now_ms());
  auto from = to ? when("from", *to - 7 * day_ms) : std::nullopt;
  auto by = target.param("by").value_or("day");
  auto format = target.param("format").value_or("json");
  if (!from || !to || *from >= *to || *to - *from > 366 * day_ms) {
    co_return error_response(request, ApiError{400, "invalid_period",
                                               "from and to are dates (YYYY-MM-DD) or RFC 3339 times, from before "
                                               "to, at most 366 days apart"});
  }
  if (by != "day" && by != "agent" && by != "way") {
    co_return error_response(request, ApiError{400, "invalid_grouping", "by is day, agent or way"});
  }
  if (format != "json" && format != "csv") {
    co_return error_response(request, ApiError{400, "invalid_format", "format is json or csv"});
  }
  std::int64_t window_days = 7;
  if (auto text = target.param("window_days")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), window_days);
    if (ec != std::errc() || end != text->data() + text->size() || window_days < 1 || window_days > 90) {
      co_return error_response(request, ApiError{400, "invalid_window",
                                                 "window_days (how long after a chat a conversion counts) is 1 to 90"});
    }
  }
  query.conversion_window_ms = window_days * day_ms;
  query.from_ms = *from;
  query.to_ms = *to;
  query.by = by == "agent" ? MetricsGrouping::agent : by == "way" ? MetricsGrouping::way : MetricsGrouping::day;
  for (const auto& agent : service_.agents().all()) query.agent_names[agent.phone] = agent.name;
  // Made before the co_await: GCC 12 destroys a lambda's non-trivial
  // captures twice when the lambda is a temporary in an awaited call.
  std::function<Response(StoreTx&)> build = [&request, query = std::move(query), csv = format == "csv"](StoreTx& tx) {
    auto metrics = success_metrics(tx, query);
    if (!csv) return json_response(request, 200, metrics);
    auto response = text_response(request, 200, success_metrics_csv(metrics));
    response.set(http::field::content_type, "text/csv; charset=utf-8");
    response.set(http::field::content_disposition, "attachment; filename=\"baton-metrics.csv\"");
    return response;
  };
  co_return co_await from_store(request, std::move(build));
}

net::awaitable<Response> AdminApi::retention(const Request& request) {
  auto current = [&] {
    return json_response(
        request, 200,
        object{{"days", service_.retention_days()}, {"source", service_.retention_from_admin() ? "admin" : "flags"}});
  };
  if (request.method() == http::verb::get) co_return current();
  if (request.method() != http::verb::put && request.method() != http::verb::delete_) {
    co_return method_not_allowed(request, "GET, PUT, DELETE");
  }
  std::optional<std::uint32_t> days;
  if (request.method() == http::verb::put) {
    auto parsed = parse_object(request.body());
    const auto* body = std::get_if<object>(&parsed);
    const auto* given = body ? body->if_contains("days") : nullptr;
    if (!given || !given->is_int64() || given->as_int64() < 0 ||
        given->as_int64() > ConversationService::max_retention_days) {
      co_return error_response(request, ApiError{400, "invalid_retention", "days is 0 (keep chats) or 1 to 3650"});
    }
    days = static_cast<std::uint32_t>(given->as_int64());
  }
  auto outcome = co_await await_callback<Outcome<std::uint32_t>>(
      [&](auto done) { service_.set_retention_days(days, std::move(done)); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return current();
}

net::awaitable<Response> AdminApi::audit(const Request& request, const Target& target) {
  std::size_t limit = 100;
  std::int64_t before = 0;
  auto number = [&](const char* key, std::int64_t max) -> std::optional<std::int64_t> {
    auto text = target.param(key);
    if (!text) return 0;
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size() || n < 0 || n > max) return std::nullopt;
    return n;
  };
  auto given_limit = number("limit", 1000);
  auto given_before = number("before", std::numeric_limits<std::int64_t>::max());
  if (!given_limit || !given_before) {
    co_return error_response(request, ApiError{400, "invalid_query", "limit is 1 to 1000, before an entry id"});
  }
  if (*given_limit > 0) limit = static_cast<std::size_t>(*given_limit);
  before = *given_before;
  co_return co_await from_store(request, [&request, limit, before](StoreTx& tx) {
    array entries;
    for (const auto& e : tx.audit().recent(limit, before)) {
      auto entry = audit_fields(e);
      entry["at"] = format_rfc3339(e.at_ms);
      entries.push_back(std::move(entry));
    }
    return json_response(request, 200, object{{"entries", std::move(entries)}});
  });
}

Response AdminApi::kept_list(const Request& request, const KeptBodies& bodies) {
  array kept;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    const auto& k = bodies.at(i);
    kept.push_back(
        object{{"id", std::to_string(k.id)}, {"received", format_rfc3339(k.received_ms)}, {"bytes", k.body.size()}});
  }
  return json_response(request, 200, object{{"kept", std::move(kept)}, {"limit", bodies.max_bodies()}});
}

Response AdminApi::kept_one(const Request& request, const KeptBodies& bodies, const std::string& id) {
  const auto* kept = bodies.find(std::string_view(id));
  if (!kept) return error_response(request, ApiError{404, "not_kept", "nothing kept has this id"});
  return json_response(
      request, 200,
      object{{"id", id}, {"received", format_rfc3339(kept->received_ms)}, {"masked", masked_json(kept->body)}});
}

net::awaitable<Response> AdminApi::trace(const Request& request, const Target& target) {
  auto id = target.param("id");
  if (!id || id->empty() || id->size() > 200) {
    co_return error_response(request, ApiError{400, "invalid_id", "give ?id= a message id, client id or wamid"});
  }
  auto traced = co_await await_callback<Outcome<object>>(
      [&](auto done) { trace_message(service_, std::string(*id), std::move(done)); });
  if (auto* error = std::get_if<Refusal>(&traced)) co_return refusal_response(request, *error);
  auto& answer = std::get<object>(traced);
  bool found = !answer["message"].is_null() || !answer["outbox"].is_null() || !answer["events"].get_array().empty();
  if (!found) co_return error_response(request, ApiError{404, "not_found", "no message, row or event has this id"});
  co_return json_response(request, 200, answer);
}

net::awaitable<Response> AdminApi::hours(const Request& request) {
  if (request.method() == http::verb::get) co_return co_await hours_response(request);
  if (request.method() == http::verb::put || request.method() == http::verb::delete_) {
    co_return co_await set_hours(request);
  }
  co_return method_not_allowed(request, "GET, PUT, DELETE");
}

net::awaitable<Response> AdminApi::hours_response(const Request& request) {
  auto work = service_.availability_reader();
  auto read = co_await await_read<Availability>(service_, std::move(work));
  if (auto* error = std::get_if<Refusal>(&read)) co_return refusal_response(request, *error);
  co_return json_response(request, 200, hours_json(std::get<Availability>(read)));
}

object AdminApi::hours_json(const Availability& now) const {
  const auto& h = service_.business_hours();
  boost::json::value next_open = nullptr;
  if (now.next_open_ms) next_open = format_rfc3339(*now.next_open_ms);
  return object{{"hours", h.hours},
                {"time_zone", h.time_zone},
                {"holidays", h.holidays},
                {"source", service_.business_hours_from_admin() ? "admin" : "flags"},
                {"open_now", now.within_hours},
                {"next_open", next_open}};
}

net::awaitable<Response> AdminApi::set_hours(const Request& request) {
  std::optional<HoursSetting> setting;
  if (request.method() == http::verb::put) {
    auto parsed = parse_object(request.body());
    if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
    const auto& body = std::get<object>(parsed);
    auto text = [&](const char* key, const std::string& fallback) -> std::optional<std::string> {
      const auto* value = body.if_contains(key);
      if (!value) return fallback;
      if (!value->is_string() || value->get_string().size() > 1000) return std::nullopt;
      return std::string(value->get_string());
    };
    const auto& now = service_.business_hours();
    auto hours = text("hours", "");
    auto zone = text("time_zone", now.time_zone);
    auto holidays = text("holidays", "");
    if (!hours || hours->empty() || !zone || !holidays) {
      co_return error_response(request, ApiError{400, "invalid_hours",
                                                 "send {\"hours\": \"mon-fri 09:00-17:00\", \"time_zone\": \"IANA\", "
                                                 "\"holidays\": \"YYYY-MM-DD,...\"} (strings; hours required)"});
    }
    setting = HoursSetting{*hours, *zone, *holidays};
  }
  auto outcome = co_await await_callback<Outcome<HoursSetting>>(
      [&](auto done) { service_.set_business_hours(std::move(setting), done); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return co_await hours_response(request);
}

net::awaitable<Response> AdminApi::from_store(const Request& request, std::function<Response(StoreTx&)> build) {
  auto outcome = co_await await_read<Response>(service_, std::move(build));
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return std::get<Response>(std::move(outcome));
}

net::awaitable<Response> AdminApi::calls(const Request& request) {
  co_return co_await from_store(request, [&, now = service_.clock().now_ms()](StoreTx& tx) {
    array list;
    for (const auto& c : tx.calls().upcoming(now, 500)) {
      auto session = tx.sessions().find(c.session_id);
      const auto agent = service_.agents().find_by_phone(c.agent_phone);
      list.push_back(object{{"id", c.id},
                            {"session_id", c.session_id},
                            {"code", session ? session->code : std::string()},
                            {"start", format_rfc3339(c.start_ms)},
                            {"end", format_rfc3339(c.end_ms)},
                            {"state", to_string(c.state)},
                            {"agent", agent ? agent->name : c.agent_phone},
                            {"visitor_name", c.visitor_name},
                            {"visitor_phone", c.visitor_phone},
                            {"reminded", c.reminded_ms > 0},
                            {"cancelled_by", c.cancelled_by}});
    }
    return json_response(request, 200, object{{"calls", list}});
  });
}

net::awaitable<Response> AdminApi::cancel_call(const Request& request, const std::string& id) {
  std::int64_t call_id = 0;
  auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), call_id);
  if (ec != std::errc() || ptr != id.data() + id.size()) {
    co_return error_response(request, ApiError{404, "no_call", "no such call"});
  }
  auto outcome = co_await await_callback<Outcome<CallRecord>>(
      [&](auto done) { service_.cancel_call_by_admin(call_id, done); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  const auto& c = std::get<CallRecord>(outcome);
  co_return json_response(request, 200, object{{"id", c.id}, {"state", to_string(c.state)}});
}

net::awaitable<Response> AdminApi::sessions(const Request& request, const Target& target) {
  std::size_t limit = 50;
  if (auto text = target.param("limit")) {
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || ptr != text->data() + text->size() || limit == 0 || limit > 1000) {
      co_return error_response(request, ApiError{400, "invalid_limit", "limit must be from 1 to 1000"});
    }
  }
  co_return co_await from_store(request, [&](StoreTx& tx) {
    array list;
    for (const auto& s : tx.sessions().recent(limit)) list.push_back(session_summary(s));
    return json_response(request, 200, object{{"sessions", list}});
  });
}

// The whole log in one read, so it is one snapshot.
net::awaitable<Response> AdminApi::session(const Request& request, const std::string& id) {
  co_return co_await from_store(request, [&](StoreTx& tx) {
    auto record = tx.sessions().find(id);
    if (!record) return error_response(request, ApiError{404, "session_not_found", "no such session"});
    auto body = session_summary(*record);
    body["context"] = to_json(record->context);
    array log;
    std::uint64_t after = 0;
    for (;;) {
      auto page = tx.messages().log_after(id, after, limits::messages_per_page);
      for (const auto& entry : page) {
        std::visit(
            [&](const auto& e) {
              auto item = to_json(e);
              item["entry"] = std::is_same_v<std::decay_t<decltype(e)>, Message> ? "message" : "status";
              log.push_back(std::move(item));
              after = e.seq;
            },
            entry);
      }
      if (page.size() < limits::messages_per_page) break;
    }
    body["log"] = std::move(log);
    return json_response(request, 200, body);
  });
}

net::awaitable<Response> AdminApi::cancel_queued(const Request& request, const Target& target) {
  auto session = target.param("session").value_or("");
  std::string recipient;
  if (auto phone = target.param("recipient")) {
    auto normalized = normalize_e164(*phone);
    if (!normalized)
      co_return error_response(request, ApiError{400, "invalid_phone", "recipient: not an E.164 number"});
    recipient = *normalized;
  }
  if (session.empty() && recipient.empty()) {
    co_return error_response(request,
                             ApiError{400, "invalid_selector", "name ?session=ID or ?recipient=+E164 (or both)"});
  }
  auto outcome = co_await await_callback<Outcome<std::size_t>>(
      [&](auto done) { service_.cancel_queued(session, recipient, done); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return json_response(request, 200, object{{"cancelled", std::get<std::size_t>(outcome)}});
}

net::awaitable<Response> AdminApi::outbox(const Request& request) {
  co_return co_await from_store(request, [&](StoreTx& tx) {
    auto& table = tx.outbox();
    object counts;
    for (auto state : {OutboxState::pending, OutboxState::in_flight, OutboxState::awaiting_window, OutboxState::sent,
                       OutboxState::failed}) {
      counts[to_string(state)] = table.count(state);
    }
    array open;
    for (const auto& r : table.open()) {
      open.push_back(object{{"id", r.id},
                            {"session_id", r.session_id},
                            {"recipient", r.recipient},
                            {"kind", r.kind == OutboxKind::template_message ? "template"
                                     : r.kind == OutboxKind::accept_button  ? "accept"
                                     : r.kind == OutboxKind::rating_list    ? "rating"
                                                                            : "text"},
                            {"purpose", to_string(r.purpose)},
                            {"state", to_string(r.state)},
                            {"attempts", r.attempts},
                            {"next_attempt", format_rfc3339(r.next_attempt_ms)},
                            {"last_error", r.last_error}});
    }
    return json_response(request, 200, object{{"counts", counts}, {"open", open}});
  });
}

net::awaitable<Response> AdminApi::mail(const Request& request) {
  co_return co_await from_store(request, [&](StoreTx& tx) {
    array mails;
    for (const auto& m : tx.mail().recent(100)) {
      boost::json::value settled = nullptr;
      if (m.settled_ms > 0) settled = format_rfc3339(m.settled_ms);
      mails.push_back(object{{"id", m.id},
                             {"session_id", m.session_id},
                             {"purpose", m.purpose},
                             {"recipient", m.recipient},
                             {"state", to_string(m.state)},
                             {"attempts", m.attempts},
                             {"next_attempt", format_rfc3339(m.next_attempt_ms)},
                             {"last_error", m.last_error},
                             {"created", format_rfc3339(m.created_ms)},
                             {"settled", settled}});
    }
    return json_response(request, 200, object{{"mail", mails}});
  });
}

bool AdminApi::setting_named(const Target& target) {
  for (const char* name : {"retention", "origins", "hours", "whatsapp", "widget", "rates", "agents", "faq", "model"}) {
    if (target.is({"v1", "admin", name})) return true;
  }
  return target.is({"v1", "admin", "mail", "settings"});
}

net::awaitable<Response> AdminApi::setting_now(const Target& target, const Request& read) {
  // (Each response is awaited into a local first: see analytics() on GCC 12.)
  Response response;
  if (target.is({"v1", "admin", "retention"})) response = co_await retention(read);
  else if (target.is({"v1", "admin", "origins"})) response = co_await origins_.handle(read);
  else if (target.is({"v1", "admin", "hours"})) response = co_await hours(read);
  else if (target.is({"v1", "admin", "whatsapp"})) response = co_await connection_tests_.whatsapp(read);
  else if (target.is({"v1", "admin", "widget"})) response = co_await widget(read);
  else if (target.is({"v1", "admin", "rates"})) response = co_await rates(read);
  else if (target.is({"v1", "admin", "agents"})) response = co_await agents(read);
  else if (target.is({"v1", "admin", "faq"})) response = co_await assistant_.faq(read);
  else if (target.is({"v1", "admin", "model"})) response = co_await assistant_.model(read);
  else if (target.is({"v1", "admin", "mail", "settings"})) response = co_await connection_tests_.mail(read);
  co_return response;
}

}  // namespace baton
