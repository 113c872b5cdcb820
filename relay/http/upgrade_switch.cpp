#include "relay/http/upgrade_switch.hpp"

namespace baton {

UpgradeHandler* UpgradeSwitch::handler_for(const Request& request) const {
  for (auto* handler : handlers_) {
    if (handler->wants(request)) return handler;
  }
  return nullptr;
}

bool UpgradeSwitch::wants(const Request& request) const { return handler_for(request) != nullptr; }

boost::asio::awaitable<std::optional<Response>> UpgradeSwitch::take(const Request& request,
                                                                    boost::beast::tcp_stream& stream,
                                                                    const Peer& peer) {
  // wants() said yes before the server handed the stream over.
  co_return co_await handler_for(request)->take(request, stream, peer);
}

void UpgradeSwitch::stop() {
  for (auto* handler : handlers_) handler->stop();
}

}  // namespace baton
