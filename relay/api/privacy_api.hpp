#pragma once
// A visitor's data, for the admin and for the visitor (docs/security.md,
// "Privacy"):
//
//   GET    /v1/admin/visitors?session=ID|phone=+E164|email=ADDRESS
//          everything kept about that visitor's chats, as JSON
//   DELETE /v1/admin/visitors?...   erases those chats and all they left behind
//   DELETE /v1/sessions/{id}        the visitor erases their own chat (bearer token)

#include <boost/asio/awaitable.hpp>
#include <string>

#include "relay/conversation/conversation_service.hpp"
#include "relay/http/http_types.hpp"
#include "relay/http/target.hpp"

namespace baton {

class PrivacyApi {
 public:
  explicit PrivacyApi(ConversationService& service) : service_(service) {}

  // For an admin already authorized.
  boost::asio::awaitable<Response> visitors(const Request& request, const Target& target);
  // For the visitor whose token opened `session_id`.
  boost::asio::awaitable<Response> erase_own_chat(const Request& request, const std::string& session_id);

 private:
  boost::asio::awaitable<Response> erase(const Request& request, VisitorSelector who);

  ConversationService& service_;
};

}  // namespace baton
