#include "relay/api/privacy_api.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

#include "common/phone.hpp"
#include "common/time_format.hpp"
#include "relay/api/await_read.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {
namespace {

using boost::json::array;
using boost::json::object;

std::variant<VisitorSelector, ApiError> selector_from(const Target& target) {
  VisitorSelector who;
  if (auto id = target.param("session")) who.session_id = *id;
  if (auto email = target.param("email")) who.email = *email;
  if (auto phone = target.param("phone")) {
    auto normalized = normalize_e164(*phone);
    if (!normalized) return ApiError{400, "invalid_phone", "phone: not an E.164 number (+ and digits)"};
    who.phone = *normalized;
  }
  if (who.empty()) {
    return ApiError{400, "invalid_selector", "name the visitor by ?session=ID, ?phone=+E164 or ?email=ADDRESS"};
  }
  return who;
}

object dossier_json(const ChatDossier& d) {
  const auto& s = d.session;
  array messages;
  for (const auto& m : d.messages) messages.push_back(to_json(m));
  array calls;
  for (const auto& c : d.calls) {
    calls.push_back(object{{"start", format_rfc3339(c.start_ms)},
                           {"end", format_rfc3339(c.end_ms)},
                           {"phone", c.visitor_phone},
                           {"name", c.visitor_name},
                           {"state", to_string(c.state)},
                           {"booked", format_rfc3339(c.created_ms)}});
  }
  array mails;
  for (const auto& m : d.mails) {
    mails.push_back(object{{"purpose", m.purpose},
                           {"to", m.recipient},
                           {"state", to_string(m.state)},
                           {"created", format_rfc3339(m.created_ms)},
                           {"message", m.message}});
  }
  array consents;
  for (const auto& c : d.consents) {
    consents.push_back(object{{"mode", to_string(c.mode)},
                              {"given", format_rfc3339(c.given_ms)},
                              {"language", c.language},
                              {"wording", c.wording}});
  }
  return object{{"session_id", s.id},
                {"code", s.code},
                {"state", to_string(s.state)},
                {"mode", to_string(s.mode)},
                {"origin", s.origin},
                {"created", format_rfc3339(s.created_ms)},
                {"updated", format_rfc3339(s.updated_ms)},
                {"context", to_json(s.context)},
                {"whatsapp", s.visitor_whatsapp},
                {"messages", std::move(messages)},
                {"calls", std::move(calls)},
                {"mails", std::move(mails)},
                {"consents", std::move(consents)}};
}

}  // namespace

net::awaitable<Response> PrivacyApi::visitors(const Request& request, const Target& target) {
  auto selected = selector_from(target);
  if (auto* error = std::get_if<ApiError>(&selected)) co_return error_response(request, *error);
  auto who = std::get<VisitorSelector>(std::move(selected));
  if (request.method() == http::verb::delete_) co_return co_await erase(request, std::move(who));
  if (request.method() != http::verb::get) {
    auto response = error_response(request, ApiError{405, "method_not_allowed", "use GET or DELETE"});
    response.set(http::field::allow, "GET, DELETE");
    co_return response;
  }
  // Named first: GCC 12 destroys what a lambda made inside co_await owns twice.
  std::function<std::vector<ChatDossier>(StoreTx&)> work = [who](StoreTx& tx) { return export_visitor(tx, who); };
  auto read = co_await await_read<std::vector<ChatDossier>>(service_, std::move(work));
  if (auto* error = std::get_if<Refusal>(&read)) co_return refusal_response(request, *error);
  array chats;
  for (const auto& dossier : std::get<std::vector<ChatDossier>>(read)) chats.push_back(dossier_json(dossier));
  auto response = json_response(
      request, 200, object{{"exported", format_rfc3339(service_.clock().now_ms())}, {"chats", std::move(chats)}});
  response.set(http::field::content_disposition, "attachment; filename=\"visitor-export.json\"");
  co_return response;
}

net::awaitable<Response> PrivacyApi::erase_own_chat(const Request& request, const std::string& session_id) {
  VisitorSelector who;
  who.session_id = session_id;
  co_return co_await erase(request, std::move(who));
}

net::awaitable<Response> PrivacyApi::erase(const Request& request, VisitorSelector who) {
  auto outcome = co_await await_callback<Outcome<std::vector<std::string>>>(
      [&](auto done) { service_.erase_visitor(std::move(who), done); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  array ids;
  for (const auto& id : std::get<std::vector<std::string>>(outcome)) ids.emplace_back(id);
  co_return json_response(request, 200, object{{"erased", std::move(ids)}});
}

}  // namespace baton
