#include "relay/api/admin_actions.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "common/utf8.hpp"
#include "relay/conversation/admin_interventions.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/core/json_fields.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/simple_call.hpp"

namespace baton {
namespace {

constexpr std::chrono::milliseconds simulator_timeout{5000};

// Built outside the coroutines: GCC 12 miscompiles some aggregate
// temporaries with string literals inside them ("array used as initializer").
ApiError failure(unsigned status, std::string code, std::string message) {
  return ApiError{status, std::move(code), std::move(message)};
}

ApiError invalid(std::string message) { return failure(400, "invalid_action", std::move(message)); }

// A positive whole number given as a number or as a string of digits.
std::optional<std::int64_t> id_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (auto i = v->if_int64()) return *i > 0 ? std::optional(*i) : std::nullopt;
  if (!v->is_string()) return std::nullopt;
  auto s = std::string_view(v->get_string());
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n <= 0) return std::nullopt;
  return n;
}

std::string seconds_from_now(std::int64_t at_ms, std::int64_t now_ms) {
  auto s = (at_ms - now_ms + 999) / 1000;
  return s <= 0 ? "now" : "in " + std::to_string(s) + " s";
}

// wa-sim's error JSON is the Cloud API's or Baton's: either way, its message.
std::string simulator_error(const std::string& body) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  const auto* o = ec ? nullptr : value.if_object();
  const auto* error = o ? o->if_contains("error") : nullptr;
  const auto* e = error ? error->if_object() : nullptr;
  if (e) {
    auto message = text_at(*e, "message");
    if (!message.empty()) return message;
  }
  return body.substr(0, 200);
}

std::string inbound_body(const std::string& from, const std::string& text) {
  return json::serialize(json::object{{"from", from}, {"text", text}});
}

template <class T>
using Answer = std::variant<T, ApiError>;

}  // namespace

json::object audit_fields(const AuditEntry& entry) {
  return json::object{{"id", entry.id},         {"actor", entry.actor},     {"action", entry.action},
                      {"target", entry.target}, {"outcome", entry.outcome}, {"detail", entry.detail}};
}

AdminActions::AdminActions(ConversationService& service, WebhookApi& webhooks)
    : service_(service), webhooks_(webhooks) {
  const auto& url = service.config().simulator_url;
  if (url.empty()) return;
  simulator_ = HttpEndpoint::parse(url);
  simulator_tls_ = std::make_unique<net::ssl::context>(make_client_tls({}));
}

AdminActions::~AdminActions() = default;

net::awaitable<ActionAnswer> AdminActions::perform(const json::value& request, std::string actor) {
  const auto* o = request.if_object();
  auto action = o ? text_at(*o, "action") : std::string();
  std::string target;
  std::optional<Result> result;
  if (action == "retry_send") result = co_await retry_send(*o, target);
  else if (action == "end_chat") result = co_await end_chat(*o, target);
  else if (action == "cancel_call") result = co_await cancel_call(*o, target);
  else if (action == "redeliver_webhook") result = co_await redeliver(*o, target);
  else if (action == "sim_write") result = co_await sim_write(*o, target);
  else if (action == "sim_fault") result = co_await sim_fault(*o, target);
  else if (action == "sim_clear_faults") result = co_await sim_clear_faults(target);
  if (!result) {
    // Nothing was tried: nothing to audit.
    co_return ActionAnswer{400, json::object{{"error", json::object{{"code", "unknown_action"},
                                                                    {"message",
                                                                     "action must be one of retry_send, end_chat, "
                                                                     "redeliver_webhook, sim_write, sim_fault, "
                                                                     "sim_clear_faults"}}}}};
  }
  // A request that could not be read tried nothing: only what was tried
  // (done or refused) is audited.
  const auto* error = std::get_if<ApiError>(&*result);
  std::int64_t audit_id = 0;
  if (!error || error->code != "invalid_action") audit_id = co_await audit(actor, action, target, *result);
  if (error) {
    co_return ActionAnswer{error->status,
                           json::object{{"error", json::object{{"code", error->code}, {"message", error->message}}},
                                        {"action", action},
                                        {"audit", audit_id}}};
  }
  auto& done = std::get<Done>(*result);
  json::object body{{"action", action}, {"target", done.target}, {"message", done.message}, {"audit", audit_id}};
  for (auto& [k, v] : done.extra) body[k] = std::move(v);
  co_return ActionAnswer{200, std::move(body)};
}

net::awaitable<AdminActions::Result> AdminActions::retry_send(const json::object& request, std::string& target) {
  auto row = id_at(request, "row");
  if (!row) co_return invalid("row must be an outbox row id, such as \"12\"");
  target = "row " + std::to_string(*row);
  auto outcome = co_await await_callback<Outcome<RetriedRow>>([&](auto done) {
    service_.run<RetriedRow>([id = *row](SessionLog& log) { return retry_send_now_tx(log, id); }, done);
  });
  if (auto* refusal = std::get_if<Refusal>(&outcome)) co_return api_error(*refusal);
  const auto& retried = std::get<RetriedRow>(outcome);
  auto now = service_.clock().now_ms();
  co_return Done{target,
                 "Row " + std::to_string(*row) + " to " + masked_phone(retried.row.recipient) + " goes now (after " +
                     std::to_string(retried.row.attempts) + " attempts; it was due " +
                     seconds_from_now(retried.was_due_ms, now) + ").",
                 json::object{{"row", std::to_string(*row)},
                              {"was_due_in_ms", std::max<std::int64_t>(0, retried.was_due_ms - now)}},
                 retried.row.session_id};
}

net::awaitable<AdminActions::Result> AdminActions::end_chat(const json::object& request, std::string& target) {
  auto which = text_at(request, "session");
  if (which.empty() || which.size() > 64) co_return invalid("session must be a chat's id or its reference code");
  target = which;
  auto outcome = co_await await_callback<Outcome<EndedChat>>([&](auto done) {
    service_.run<EndedChat>([which](SessionLog& log) { return end_chat_by_admin_tx(log, which); }, done);
  });
  if (auto* refusal = std::get_if<Refusal>(&outcome)) co_return api_error(*refusal);
  const auto& ended = std::get<EndedChat>(outcome);
  target = "chat #" + ended.session.code;
  std::string who = ended.session.agent_phone.empty() || ended.was == SessionState::bot
                        ? "the assistant"
                        : masked_phone(ended.session.agent_phone);
  co_return Done{target,
                 "Chat #" + ended.session.code + " ended (it was " + std::string(to_string(ended.was)) + ", with " +
                     who + "). The visitor was told; what they write next starts a new conversation.",
                 json::object{{"session", ended.session.id}}, ended.session.id};
}

net::awaitable<AdminActions::Result> AdminActions::cancel_call(const json::object& request, std::string& target) {
  auto id = id_at(request, "call");
  if (!id) co_return invalid("call must be a call's id, such as \"5\"");
  target = "call " + std::to_string(*id);
  auto outcome = co_await await_callback<Outcome<CallRecord>>(
      [&](auto done) { service_.cancel_call_by_admin(*id, done); });
  if (auto* refusal = std::get_if<Refusal>(&outcome)) co_return api_error(*refusal);
  const auto& call = std::get<CallRecord>(outcome);
  co_return Done{target,
                 "Call " + std::to_string(*id) + " with " + masked_phone(call.visitor_phone) +
                     " cancelled; the agent and the visitor are told.",
                 json::object{{"call", std::to_string(*id)}}, call.session_id};
}

net::awaitable<AdminActions::Result> AdminActions::redeliver(const json::object& request, std::string& target) {
  auto id = id_at(request, "webhook");
  if (!id) co_return invalid("webhook must be the id of a kept webhook, such as \"7\"");
  target = "webhook " + std::to_string(*id);
  auto outcome = co_await webhooks_.redeliver(static_cast<std::uint64_t>(*id));
  if (auto* error = std::get_if<ApiError>(&outcome)) co_return *error;
  auto& fields = std::get<json::object>(outcome);
  auto count = [&](std::string_view key) {
    const auto* v = fields.if_contains(key);
    return v && v->is_number() ? v->to_number<std::int64_t>() : 0;
  };
  auto duplicates = count("duplicates");
  auto fresh = count("new_items");
  co_return Done{target,
                 "Webhook " + std::to_string(*id) + " went through the pipeline again: " + std::to_string(duplicates) +
                     " duplicate item(s) dropped, " + std::to_string(fresh) + " new.",
                 json::object{{"duplicates", duplicates}, {"new_items", fresh}},
                 {}};
}

net::awaitable<AdminActions::Result> AdminActions::sim_write(const json::object& request, std::string& target) {
  if (!simulator_) co_return failure(409, "no_simulator", "the relay was not started with --simulator-url");
  auto text = text_at(request, "text");
  auto length = utf8::is_valid(text) ? utf8::length(text) : 0;
  if (length == 0 || length > max_text_chars) {
    co_return invalid("text must be 1 to " + std::to_string(max_text_chars) + " characters of UTF-8");
  }
  auto as = text_at(request, "as");
  std::string phone;
  std::string session_id;
  if (as == "agent") {
    const auto agent = service_.agents().find_by_name(text_at(request, "agent"));
    if (!agent) co_return failure(404, "no_such_agent", "agent must be the name of an agent in --agents");
    phone = agent->phone;
    target = "agent " + agent->name;
  } else if (as == "visitor") {
    auto which = text_at(request, "session");
    if (which.empty() || which.size() > 64) co_return invalid("session must be the id of a chat on WhatsApp");
    auto found = co_await await_callback<Outcome<std::optional<SessionRecord>>>([&](auto done) {
      service_.read<std::optional<SessionRecord>>([which](StoreTx& tx) { return tx.sessions().find(which); }, done);
    });
    if (auto* refusal = std::get_if<Refusal>(&found)) co_return api_error(*refusal);
    auto& session = std::get<std::optional<SessionRecord>>(found);
    if (!session) co_return failure(404, "no_such_chat", "There is no chat " + which + ".");
    if (session->visitor_whatsapp.empty()) {
      co_return failure(409, "not_on_whatsapp",
                        "Chat #" + session->code + " was not continued on WhatsApp: its visitor has no number here.");
    }
    phone = session->visitor_whatsapp;
    session_id = session->id;
    target = "visitor of chat #" + session->code;
  } else {
    co_return invalid("as must be agent or visitor");
  }
  auto inbound = inbound_body(phone, text);
  auto answer = co_await call_simulator(http::verb::post, "/sim/inbound", std::move(inbound));
  if (auto* error = std::get_if<ApiError>(&answer)) co_return *error;
  const auto* o = std::get<json::value>(answer).if_object();
  auto wamid = o ? text_at(*o, "id") : std::string();
  co_return Done{target,
                 "Wrote " + std::to_string(length) + " characters on WhatsApp as the " + target + " (" +
                     masked_phone(phone) + "): " + wamid + ".",
                 json::object{{"wamid", wamid}}, session_id};
}

net::awaitable<AdminActions::Result> AdminActions::sim_fault(const json::object& request, std::string& target) {
  if (!simulator_) co_return failure(409, "no_simulator", "the relay was not started with --simulator-url");
  const auto* rule = request.if_contains("rule");
  if (!rule || !rule->is_object()) {
    co_return invalid("rule must be a wa-sim fault rule, such as {\"kind\":\"error\",\"code\":131000,\"count\":5}");
  }
  target = "wa-sim " + text_at(rule->get_object(), "kind");
  auto answer = co_await call_simulator(http::verb::post, "/sim/faults", json::serialize(*rule));
  if (auto* error = std::get_if<ApiError>(&answer)) co_return *error;
  co_return Done{target,
                 "wa-sim fault on: " + json::serialize(*rule) + ".",
                 json::object{{"faults", std::get<json::value>(answer)}},
                 {}};
}

net::awaitable<AdminActions::Result> AdminActions::sim_clear_faults(std::string& target) {
  if (!simulator_) co_return failure(409, "no_simulator", "the relay was not started with --simulator-url");
  target = "wa-sim";
  auto answer = co_await call_simulator(http::verb::delete_, "/sim/faults", {});
  if (auto* error = std::get_if<ApiError>(&answer)) co_return *error;
  co_return Done{target, "wa-sim faults cleared.", json::object{{"faults", std::get<json::value>(answer)}}, {}};
}

net::awaitable<ActionAnswer> AdminActions::simulator_faults() {
  if (!simulator_) {
    co_return ActionAnswer{409, json::object{{"error", json::object{{"code", "no_simulator"},
                                                                    {"message",
                                                                     "the relay was not started with "
                                                                     "--simulator-url"}}}}};
  }
  auto answer = co_await call_simulator(http::verb::get, "/sim/faults", {});
  if (auto* error = std::get_if<ApiError>(&answer)) {
    co_return ActionAnswer{error->status,
                           json::object{{"error", json::object{{"code", error->code}, {"message", error->message}}}}};
  }
  co_return ActionAnswer{200, json::object{{"faults", std::get<json::value>(answer)}}};
}

net::awaitable<std::variant<json::value, ApiError>> AdminActions::call_simulator(http::verb method,
                                                                                 const std::string& path,
                                                                                 std::string body) {
  auto answer = co_await simple_call(*simulator_, *simulator_tls_, method, path, std::move(body), simulator_timeout);
  if (answer.status == 0) {
    co_return failure(502, "simulator_unreachable", "wa-sim did not answer (" + answer.failure + ")");
  }
  if (answer.status >= 400) {
    // wa-sim refused what was asked (a bad fault rule, say): the admin's to fix.
    co_return failure(answer.status >= 500 ? 502u : 400u, "simulator_refused",
                      "wa-sim answered " + std::to_string(answer.status) + ": " + simulator_error(answer.body));
  }
  boost::system::error_code ec;
  auto value = json::parse(answer.body, ec);
  if (ec) co_return failure(502, "simulator_unreadable", "wa-sim's answer was not JSON");
  co_return value;
}

net::awaitable<void> AdminActions::audit_change(const std::string& actor, const std::string& action,
                                                const std::string& target, unsigned status, const std::string& answer,
                                                const std::string& before) {
  constexpr std::size_t detail_limit = 500;
  auto cut = [](const std::string& text, std::size_t most) {
    return text.size() > most ? std::string(utf8::take_first(text, most)) + "..." : text;
  };
  auto detail = before.empty() || status >= 300
                    ? cut(answer, detail_limit)
                    : "was " + cut(before, detail_limit / 2) + " | now " + cut(answer, detail_limit / 2);
  Result result = Done{target, detail, {}, {}};
  if (status >= 300) {
    auto message = simulator_error(answer);
    std::string code = "refused";
    boost::system::error_code ec;
    auto value = json::parse(answer, ec);
    const auto* error = ec || !value.is_object() ? nullptr : value.get_object().if_contains("error");
    if (error && error->is_object()) code = text_at(error->get_object(), "code");
    result = failure(status, code.empty() ? "refused" : code, message);
  }
  co_await audit(actor, action, target, result);
}

net::awaitable<std::int64_t> AdminActions::audit(const std::string& actor, const std::string& action,
                                                 const std::string& target, const Result& result) {
  AuditEntry entry;
  entry.at_ms = service_.clock().now_ms();
  entry.actor = actor;
  entry.action = action;
  entry.target = target;
  std::string session;
  if (const auto* done = std::get_if<Done>(&result)) {
    entry.outcome = "done";
    entry.detail = done->message;
    session = done->session;
  } else {
    const auto& error = std::get<ApiError>(result);
    entry.outcome = error.code;
    entry.detail = error.message;
  }
  auto stored = co_await await_callback<Outcome<std::int64_t>>([&](auto done) {
    service_.run<std::int64_t>([entry](SessionLog& log) { return log.tx().audit().append(entry); }, done);
  });
  std::int64_t id = 0;
  if (auto* refusal = std::get_if<Refusal>(&stored)) {
    log::error("an admin action could not be written to the audit log",
               {{"action", action}, {"target", target}, {"error", refusal->sentence}});
  } else {
    id = std::get<std::int64_t>(stored);
  }
  log::info("admin action", {{"actor", actor}, {"action", action}, {"target", target}, {"outcome", entry.outcome}});
  entry.id = id;
  admin_feed().emit("audit", session, audit_fields(entry), entry.at_ms);
  co_return id;
}

}  // namespace baton
