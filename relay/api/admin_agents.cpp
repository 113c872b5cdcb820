// GET, PUT and DELETE /v1/admin/agents: who answers on WhatsApp, as the
// admin page shows and edits them (docs/admin.md, "Agents").

#include <boost/beast/http/field.hpp>

#include "relay/api/admin_api.hpp"
#include "relay/conversation/agent_list.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {

using boost::json::array;
using boost::json::object;
using boost::json::value;

net::awaitable<Response> AdminApi::agents(const Request& request) {
  if (request.method() == http::verb::get) co_return co_await agents_response(request);
  if (request.method() != http::verb::put && request.method() != http::verb::delete_) {
    co_return method_not_allowed(request, "GET, PUT, DELETE");
  }
  std::optional<std::vector<AgentConfig>> chosen;
  if (request.method() == http::verb::put) {
    auto parsed = parse_object(request.body());
    if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
    const auto* given = std::get<object>(parsed).if_contains("agents");
    auto read = given ? agent_list_from_json(*given, service_.config().business_number)
                      : std::variant<std::vector<AgentConfig>, std::string>(
                            "send {\"agents\": [{\"name\", \"phone\", \"capacity\", \"photo\"}, ...]}");
    if (auto* problem = std::get_if<std::string>(&read)) {
      co_return error_response(request, ApiError{400, "invalid_agents", *problem});
    }
    chosen = std::get<std::vector<AgentConfig>>(std::move(read));
  }
  auto outcome = co_await await_callback<Outcome<std::vector<AgentConfig>>>(
      [&](auto done) { service_.set_agents(std::move(chosen), std::move(done)); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return co_await agents_response(request);
}

net::awaitable<Response> AdminApi::agents_response(const Request& request) {
  co_return co_await from_store(request, [&, now = service_.clock().now_ms()](StoreTx& tx) {
    const auto& directory = service_.agents();
    array list;
    for (const auto& a : directory.statuses(tx, now)) {
      list.push_back(object{{"name", a.agent.name},
                            {"phone", a.agent.phone},
                            {"photo", a.agent.photo},
                            {"online", !a.away},
                            {"window_open", a.window_open},
                            {"open_chats", a.open_chats},
                            {"capacity", a.capacity},
                            {"own_capacity", a.agent.capacity > 0 ? value(a.agent.capacity) : value(nullptr)},
                            {"can_take_chat", a.can_take_chat()}});
    }
    return json_response(request, 200,
                         object{{"agents", std::move(list)},
                                {"source", service_.agents_from_admin() ? "admin" : "flags"},
                                {"default_capacity", directory.capacity()},
                                {"whatsapp_configured", service_.config().whatsapp_configured()}});
  });
}

}  // namespace baton
