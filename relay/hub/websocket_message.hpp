#pragma once
// A server's WebSocket message as it goes on the wire (RFC 6455, section
// 5.2): one final frame, unmasked, its header then its payload. The live
// stream writes these bytes itself below Beast, so that a frame sent to a
// thousand tabs is framed once, not once per tab (relay/ws/websocket_session.hpp).

#include <string>
#include <string_view>

namespace baton {

std::string websocket_message(std::string_view payload, bool binary);

}  // namespace baton
