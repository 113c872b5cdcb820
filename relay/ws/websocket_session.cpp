// The relay's live stream over TCP; the definitions are in
// websocket_session_impl.hpp so that tests can use another transport.
#include "relay/ws/websocket_session_impl.hpp"

namespace baton {

template class BasicWebsocketSession<net::ip::tcp::socket>;

}  // namespace baton
