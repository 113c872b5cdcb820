#pragma once
// Checks a live-stream upgrade request (GET /v1/ws) before it is accepted:
// the origin, the subprotocol, and a session token offered in
// Sec-WebSocket-Protocol. A refusal is answered as plain HTTP.

#include <optional>
#include <string>
#include <variant>

#include "relay/conversation/conversation_service.hpp"
#include "relay/http/api_error.hpp"
#include "relay/http/cors.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

struct WebsocketPlan {
  bool binary = false;
  std::string subprotocol;               // echoed to the browser
  std::optional<SessionRecord> session;  // authenticated by the header token
};

std::variant<WebsocketPlan, ApiError> plan_websocket(const Request& request, ConversationService& service,
                                                     const Cors& cors);

}  // namespace baton
