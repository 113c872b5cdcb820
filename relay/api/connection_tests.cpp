#include "relay/api/connection_tests.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <chrono>

#include "common/email.hpp"
#include "common/time_format.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"
#include "relay/mail/mail_message.hpp"
#include "relay/mail/smtp_sender.hpp"

namespace baton {
namespace net = boost::asio;
namespace json = boost::json;
using json::object;

namespace {

std::string set_or_not(const std::string& secret) { return secret.empty() ? "not set" : "set"; }

// What a site owner can do about Meta's commonest refusals of this call.
std::string meaning_of(std::int64_t code, std::int64_t subcode) {
  switch (code) {
    case 190:
      return "The access token is invalid or has expired: make a new one (a system user's token does not expire).";
    case 100:
      if (subcode == 33) return "No phone number has this id, or the token may not use it: check --phone-number-id.";
      return "Meta refused the request's parameters.";
    case 10:
    case 200:
      return "The token lacks a permission: it needs whatsapp_business_messaging and whatsapp_business_management.";
    case 4:
    case 80007:
    case 130429: return "Too many calls for now: try again in a few minutes.";
    case 368:
    case 131031: return "Meta has restricted or locked this WhatsApp Business account: see Business Support.";
    case 131042: return "Meta cannot charge this account: check its payment method in WhatsApp Manager.";
    case 131005: return "The token may not send for this number: check the system user's assets and permissions.";
    default: return {};
  }
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The answer of GET /{phone-number-id}, or why there was none, as the page shows it.
object whatsapp_verdict(const GraphResult& result) {
  object out{{"http", result.http_status}};
  if (result.transport != GraphResult::Transport::answered) {
    out["ok"] = false;
    out["message"] = "No answer from the Cloud API (" + result.detail + ").";
    return out;
  }
  json::error_code ec;
  auto body = json::parse(result.body, ec);
  const auto* fields = ec ? nullptr : body.if_object();
  if (result.http_status == 200 && fields) {
    out["ok"] = true;
    for (const char* name :
         {"verified_name", "display_phone_number", "quality_rating", "code_verification_status", "platform_type"}) {
      if (const auto* value = fields->if_contains(name); value && value->is_string()) out[name] = *value;
    }
    return out;
  }
  out["ok"] = false;
  const auto* error = fields ? fields->if_contains("error") : nullptr;
  if (error && error->is_object()) {
    const auto& e = error->get_object();
    auto number = [&](const char* name) -> std::int64_t {
      const auto* value = e.if_contains(name);
      return value && value->is_int64() ? value->get_int64() : 0;
    };
    out["code"] = number("code");
    if (number("error_subcode") != 0) out["subcode"] = number("error_subcode");
    if (const auto* message = e.if_contains("message"); message && message->is_string()) out["message"] = *message;
    if (auto meaning = meaning_of(number("code"), number("error_subcode")); !meaning.empty()) out["meaning"] = meaning;
  } else {
    out["message"] = "The Cloud API answered HTTP " + std::to_string(result.http_status) + " without an error object.";
  }
  return out;
}

// Whether the account can send now (account_health.hpp), for the page.
object health_json(const AccountHealth& health) {
  object out{{"state", to_string(health.state())}};
  if (auto problem = health.problem()) {
    out["code"] = problem->code;
    out["reason"] = problem->description;
    out["since"] = format_rfc3339(problem->since_ms);
    if (auto meaning = meaning_of(problem->code, 0); !meaning.empty()) out["meaning"] = meaning;
  }
  if (health.state() == AccountHealth::State::blocked) out["next_probe"] = format_rfc3339(health.next_probe_ms());
  object templates;
  for (const auto& [name, status] : health.troubled_templates()) templates[name] = status;
  out["templates"] = std::move(templates);
  return out;
}

}  // namespace

ConnectionTests::ConnectionTests(const Config& config, GraphClient& graph, const Clock& clock, WhatsappSetting& account,
                                 MailSetting& mail, AccountHealth& health)
    : config_(config), graph_(graph), clock_(clock), account_(account), mail_(mail), health_(health) {}

ConnectionTests::~ConnectionTests() { mail_thread_.join(); }

net::awaitable<Response> ConnectionTests::whatsapp(const Request& request) {
  if (request.method() == http::verb::put || request.method() == http::verb::delete_) {
    if (auto refused = co_await account_.change(request)) co_return std::move(*refused);
    // A new token or number may be the fix: an open circuit probes at once.
    health_.probe_now(clock_.now_ms());
  } else if (request.method() != http::verb::get) {
    co_return method_not_allowed(request, "GET, PUT, DELETE");
  }
  object body{{"configured", config_.whatsapp_configured()},
              {"health", health_json(health_)},
              {"source", account_.from_admin() ? "admin" : "flags"},
              {"graph_url", config_.graph_url},
              {"phone_number_id", config_.phone_number_id},
              {"business_number", config_.business_number},
              {"access_token", set_or_not(config_.access_token)},
              {"app_secret", set_or_not(config_.app_secret)},
              {"verify_token", set_or_not(config_.verify_token)},
              {"templates", object{{"reconnect", config_.template_name},
                                   {"continue", config_.continue_template},
                                   {"call", config_.call_template},
                                   {"language", config_.template_language}}}};
  co_return json_response(request, 200, body);
}

net::awaitable<Response> ConnectionTests::test_whatsapp(const Request& request) {
  if (!config_.whatsapp_configured()) {
    co_return error_response(request, ApiError{409, "whatsapp_not_configured",
                                               "WhatsApp is not set up: give the relay --phone-number-id and "
                                               "--access-token (docs/configuration.md)."});
  }
  auto start = std::chrono::steady_clock::now();
  auto result = co_await await_callback<GraphResult>([&](auto done) { graph_.read_phone_number(std::move(done)); });
  auto verdict = whatsapp_verdict(result);
  verdict["ms"] = milliseconds_since(start);
  // The read that works is the outbox's probe too: no need to wait for its own.
  if (verdict.at("ok").as_bool()) health_.probe_now(clock_.now_ms());
  log::info("whatsapp connection tested", {{"ok", verdict.at("ok").as_bool()}, {"http", result.http_status}});
  co_return json_response(request, 200, verdict);
}

net::awaitable<Response> ConnectionTests::mail(const Request& request) {
  if (request.method() == http::verb::put || request.method() == http::verb::delete_) {
    if (auto refused = co_await mail_.change(request)) co_return std::move(*refused);
  } else if (request.method() != http::verb::get) {
    co_return method_not_allowed(request, "GET, PUT, DELETE");
  }
  object body{{"source", mail_.from_admin() ? "admin" : "flags"},
              {"configured", config_.mail_configured()},
              {"server", config_.smtp_url},
              {"user", config_.smtp_user},
              {"password", set_or_not(config_.smtp_password)},
              {"from", config_.smtp_from},
              {"to", config_.support_email}};
  co_return json_response(request, 200, body);
}

net::awaitable<Response> ConnectionTests::test_mail(const Request& request) {
  if (!config_.mail_configured()) {
    co_return error_response(request, ApiError{409, "mail_not_configured",
                                               "The e-mail fallback is not set up: give the relay --smtp-url, "
                                               "--smtp-from and --support-email (docs/email.md)."});
  }
  std::string to = bare_address(config_.support_email);
  if (!request.body().empty()) {
    auto parsed = parse_object(request.body());
    if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
    const auto& fields = std::get<object>(parsed);
    if (const auto* given = fields.if_contains("to")) {
      if (!given->is_string() || !is_plausible_email(given->get_string()) || given->get_string().size() > 254) {
        co_return error_response(request, ApiError{400, "invalid_field", "to: not an e-mail address"});
      }
      to = std::string(given->get_string());
    }
  }
  MailContent content;
  content.from = config_.smtp_from;
  content.to = to;
  content.subject = "Baton: test e-mail";
  content.body =
      "This is a test e-mail from your Baton relay's admin page.\n\n"
      "When visitors leave a message because nobody can answer, it arrives like this one, from " +
      config_.smtp_from + " to " + config_.support_email + ".\n";
  auto message = compose_mail(content, clock_.now_ms(), "test-" + std::to_string(clock_.now_ms()));
  auto smtp = smtp_settings(config_);

  auto start = std::chrono::steady_clock::now();
  auto result = co_await await_callback<SmtpResult>([&](auto done) {
    net::post(mail_thread_, [smtp = std::move(smtp), to, message = std::move(message), done = std::move(done)] {
      done(send_mail(smtp, to, message));
    });
  });
  object verdict{{"ok", result.ok}, {"to", to}, {"ms", milliseconds_since(start)}};
  if (!result.ok) {
    verdict["error"] = result.error;
    verdict["permanent"] = result.permanent;
  }
  log::info("test e-mail", {{"ok", result.ok}});
  co_return json_response(request, 200, verdict);
}

}  // namespace baton
