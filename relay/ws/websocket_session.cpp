// The relay's live stream over TCP; the definitions are in
// websocket_session_impl.hpp so that tests can use another transport.
#include "relay/ws/websocket_session_impl.hpp"

#include <unistd.h>

namespace baton {

template class BasicWebsocketSession<LiveSocket>;

std::optional<LiveSocket> live_socket(boost::asio::ip::tcp::socket socket) {
  boost::system::error_code ec;
  auto endpoint = socket.local_endpoint(ec);
  // The HTTP layer's sockets come from the io_context's own executor.
  const auto* executor = socket.get_executor().target<boost::asio::io_context::executor_type>();
  if (ec || executor == nullptr) return std::nullopt;
  // Leaves the reactor and joins it again under the other executor: two
  // epoll_ctl calls, once per stream.
  auto fd = socket.release(ec);
  if (ec) return std::nullopt;
  LiveSocket live(executor->context());
  live.assign(endpoint.protocol(), fd, ec);
  if (ec) {
    ::close(fd);
    return std::nullopt;
  }
  return live;
}

}  // namespace baton
