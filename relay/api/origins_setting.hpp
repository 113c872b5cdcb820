#pragma once
// Which sites may show the chat, set on the admin page (docs/admin.md):
// GET, PUT {"origins":[...]} and DELETE /v1/admin/origins. A saved list
// applies to the next request (relay/http/cors.hpp), is kept in the store
// over restarts and wins over --allowed-origins until it is cleared; the
// cluster's other relays read it again when it changes.

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "relay/conversation/conversation_service.hpp"
#include "relay/http/cors.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

class OriginsSetting {
 public:
  OriginsSetting(ConversationService& service, Cors& cors) : service_(service), cors_(cors) {}

  // At start, once the Cors object has the relay's own origin, and when
  // another relay changed it: a stored list wins, else --allowed-origins.
  void restore(SettingsTable& settings);
  static constexpr std::string_view setting_key = "allowed_origins";
  boost::asio::awaitable<Response> handle(const Request& request);

  static constexpr std::size_t max_origins = 100;

 private:
  Response current(const Request& request) const;

  ConversationService& service_;
  Cors& cors_;
  bool from_admin_ = false;
};

}  // namespace baton
