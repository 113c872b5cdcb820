#include "relay/ws/admin_stream_upgrades.hpp"

#include "relay/http/client_address.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/target.hpp"

namespace baton {

bool AdminStreamUpgrades::wants(const Request& request) const {
  auto target = Target::parse(request.target());
  return target && target->is({"v1", "admin", "ws"});
}

boost::asio::awaitable<std::optional<Response>> AdminStreamUpgrades::take(const Request& request,
                                                                          boost::beast::tcp_stream& stream,
                                                                          const Peer& peer) {
  auto client = client_key(peer, request, service_.config().trusted_proxies);
  // Locked out by wrong tokens: refused before the socket is even opened.
  if (auto locked = service_.limits().admin_attempt(client, service_.clock().now_ms())) {
    co_return refusal_response(request, *locked);
  }
  auto session = std::make_shared<AdminStream>(std::move(stream), service_, actions_, kept_, token_hash_, client,
                                               peer.hold);
  std::erase_if(streams_, [](const auto& weak) { return weak.expired(); });
  streams_.push_back(session);
  session->start(request);
  co_return std::nullopt;
}

void AdminStreamUpgrades::stop() {
  for (auto& weak : streams_) {
    if (auto stream = weak.lock()) stream->close_going_away();
  }
}

}  // namespace baton
