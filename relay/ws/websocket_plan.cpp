#include "relay/ws/websocket_plan.hpp"

#include <boost/beast/http/field.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "relay/core/net.hpp"

namespace baton {
namespace {

constexpr std::string_view json_protocol = "baton.v1.json";
constexpr std::string_view binary_protocol = "baton.v1.bin";
constexpr std::string_view auth_prefix = "baton.auth.";

std::vector<std::string_view> offered_protocols(const Request& request) {
  std::vector<std::string_view> out;
  auto it = request.find(http::field::sec_websocket_protocol);
  if (it == request.end()) return out;
  std::string_view value = it->value();
  while (!value.empty()) {
    auto comma = value.find(',');
    auto item = value.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::variant<WebsocketPlan, ApiError> plan_websocket(const Request& request, const Cors& cors) {
  if (!cors.allows(Cors::origin_of(request))) return cors.refuse(Cors::origin_of(request));
  WebsocketPlan plan;
  auto offered = offered_protocols(request);
  for (auto protocol : offered) {
    if (protocol == json_protocol || protocol == binary_protocol) {
      if (plan.subprotocol.empty()) {
        plan.subprotocol = std::string(protocol);
        plan.binary = protocol == binary_protocol;
      }
    } else if (protocol.starts_with(auth_prefix)) {
      plan.header_token = std::string(protocol.substr(auth_prefix.size()));
    }
  }
  if (!offered.empty() && plan.subprotocol.empty()) {
    return ApiError{400, "unsupported_protocol", "offer baton.v1.json or baton.v1.bin"};
  }
  return plan;
}

void authenticate_plan(WebsocketPlan plan, ConversationService& service,
                       std::function<void(std::variant<WebsocketPlan, ApiError>)> done) {
  if (plan.header_token.empty()) {
    done(std::move(plan));
    return;
  }
  // The plan lives as long as the tab; the token is needed only here.
  std::string token;
  token.swap(plan.header_token);
  service.find_session_by_token(
      token, [plan = std::move(plan), done = std::move(done)](Outcome<std::optional<SessionRecord>> found) mutable {
        if (auto* error = std::get_if<Refusal>(&found)) {
          done(ApiError{503, error->code, error->sentence});
          return;
        }
        auto& session = std::get<std::optional<SessionRecord>>(found);
        if (!session) {
          done(ApiError{401, "invalid_token", "the session token is not valid"});
          return;
        }
        plan.session = std::make_shared<const SessionRecord>(std::move(*session));
        done(std::move(plan));
      });
}

}  // namespace baton
