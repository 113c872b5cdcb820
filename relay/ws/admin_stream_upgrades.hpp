#pragma once
// Takes over the connections that upgrade to the admin event stream
// (GET /v1/admin/ws), starts an AdminStream on each, and closes them all
// with 1001 when the relay stops. The token is checked in the first frame,
// never in the URL, so the upgrade itself asks only for a permitted address.

#include <memory>
#include <vector>

#include "relay/conversation/conversation_service.hpp"
#include "relay/core/crypto.hpp"
#include "relay/http/request_handlers.hpp"
#include "relay/ws/admin_stream.hpp"

namespace baton {

class AdminStreamUpgrades : public UpgradeHandler {
 public:
  AdminStreamUpgrades(ConversationService& service, AdminActions& actions, AdminStreamKept kept,
                      crypto::Digest token_hash)
      : service_(service), actions_(actions), kept_(kept), token_hash_(token_hash) {}

  bool wants(const Request& request) const override;
  boost::asio::awaitable<std::optional<Response>> take(const Request& request, boost::beast::tcp_stream& stream,
                                                       const Peer& peer) override;
  void stop() override;

 private:
  ConversationService& service_;
  AdminActions& actions_;
  AdminStreamKept kept_;
  crypto::Digest token_hash_;
  std::vector<std::weak_ptr<AdminStream>> streams_;
};

}  // namespace baton
