#pragma once
// Several kinds of WebSocket on one server (the visitors' live stream, the
// admin event stream): each upgrade goes to the first handler that wants it.

#include <vector>

#include "relay/http/request_handlers.hpp"

namespace baton {

class UpgradeSwitch : public UpgradeHandler {
 public:
  explicit UpgradeSwitch(std::vector<UpgradeHandler*> handlers) : handlers_(std::move(handlers)) {}

  bool wants(const Request& request) const override;
  boost::asio::awaitable<std::optional<Response>> take(const Request& request, boost::beast::tcp_stream& stream,
                                                       const Peer& peer) override;
  void stop() override;

 private:
  UpgradeHandler* handler_for(const Request& request) const;

  std::vector<UpgradeHandler*> handlers_;
};

}  // namespace baton
