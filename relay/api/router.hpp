#pragma once
// The route table: sends each request to the part of the relay that answers
// it (the visitor, webhook and admin APIs, operations, static files).

#include <boost/asio/awaitable.hpp>

#include "relay/api/admin_api.hpp"
#include "relay/api/visitor_api.hpp"
#include "relay/api/webhook_api.hpp"
#include "relay/core/config.hpp"
#include "relay/http/cors.hpp"
#include "relay/http/request_handlers.hpp"
#include "relay/http/static_files.hpp"
#include "relay/hub/hub.hpp"
#include "relay/store/store.hpp"
#include "relay/whatsapp/account_health.hpp"

namespace baton {

class Router : public RequestHandler {
 public:
  Router(VisitorApi& visitor, WebhookApi& webhook, AdminApi& admin, StaticFiles& files, const Cors& cors,
         const Config& config, const Store& store, const Hub& hub, const AccountHealth& whatsapp)
      : visitor_(visitor),
        webhook_(webhook),
        admin_(admin),
        files_(files),
        cors_(cors),
        config_(config),
        store_(store),
        hub_(hub),
        whatsapp_(whatsapp) {}

  boost::asio::awaitable<Reply> handle(const Request& request, const Peer& peer) override;
  std::size_t body_limit(std::string_view target) const override;
  bool carries_file(std::string_view target) const override;
  // Before a body is read: the admin and webhook allow-lists, and a webhook
  // without a signature (refused before its up to 3 MiB are read).
  Screening screen(const RequestHeader& header, const Peer& peer) override;

  // The largest body a request to `target` may carry, other than a file.
  static std::size_t body_limit_for(std::string_view target);

 private:
  VisitorApi& visitor_;
  WebhookApi& webhook_;
  AdminApi& admin_;
  StaticFiles& files_;
  const Cors& cors_;
  const Config& config_;
  const Store& store_;
  const Hub& hub_;
  const AccountHealth& whatsapp_;
};

}  // namespace baton
