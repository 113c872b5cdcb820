#pragma once
// Checks a live-stream upgrade request (GET /v1/ws) before it is accepted:
// the origin, the subprotocol, and a session token offered in
// Sec-WebSocket-Protocol. A refusal is answered as plain HTTP.

#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "relay/conversation/conversation_service.hpp"
#include "relay/http/api_error.hpp"
#include "relay/http/cors.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

struct WebsocketPlan {
  bool binary = false;
  std::string subprotocol;   // echoed to the browser
  std::string header_token;  // offered as baton.auth.<token>
  // The session the header token opens, until the hello joins it. Held by
  // pointer: a chat's record is large, and every idle tab carries its plan.
  std::shared_ptr<const SessionRecord> session;
  std::string client;                // the caller's limit_key, for the message limits
  std::shared_ptr<const void> hold;  // keeps the connection counted by the server's caps
};

// What can be checked without the store: origin and subprotocols.
std::variant<WebsocketPlan, ApiError> plan_websocket(const Request& request, const Cors& cors);

// Completes a plan with the session its header token opens; a token that
// opens none is refused (401) before the upgrade is accepted.
void authenticate_plan(WebsocketPlan plan, ConversationService& service,
                       std::function<void(std::variant<WebsocketPlan, ApiError>)> done);

}  // namespace baton
