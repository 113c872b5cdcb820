#pragma once
// The visitor REST API (CONTRACT section 3): sessions, messages, handoff,
// availability. Every session route needs the session's bearer token; a
// token of another session is answered as if the session did not exist.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "relay/api/privacy_api.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/http/api_error.hpp"
#include "relay/http/cors.hpp"
#include "relay/http/http_types.hpp"
#include "relay/http/target.hpp"

namespace baton {

class VisitorApi {
 public:
  VisitorApi(ConversationService& service, const Cors& cors) : service_(service), cors_(cors), privacy_(service) {}

  // Nothing if the target is not under /v1/ (other than /v1/admin and /v1/ws).
  // `client` is the caller's limit_key (relay/core/address_range.hpp).
  boost::asio::awaitable<std::optional<Response>> handle(const Request& request, const Target& target,
                                                         const std::string& client);

 private:
  boost::asio::awaitable<Response> route(const Request& request, const Target& target, const std::string& client);
  boost::asio::awaitable<Response> create_session(const Request& request, const std::string& client);
  boost::asio::awaitable<Response> list_messages(const Request& request, const Target& target,
                                                 const SessionRecord& session);
  boost::asio::awaitable<Response> post_message(const Request& request, const SessionRecord& session,
                                                const std::string& client);
  // Files (visitor_attachments.cpp, docs/attachments.md).
  boost::asio::awaitable<Response> upload_attachment(const Request& request, const SessionRecord& session,
                                                     const std::string& client);
  boost::asio::awaitable<Response> download_attachment(const Request& request, const SessionRecord& session,
                                                       const std::string& attachment_id);
  boost::asio::awaitable<Response> handoff(const Request& request, const SessionRecord& session,
                                           const std::string& client);
  boost::asio::awaitable<Response> cancel_call(const Request& request, const SessionRecord& session);
  boost::asio::awaitable<Response> end_chat(const Request& request, const SessionRecord& session);
  boost::asio::awaitable<Response> rate_chat(const Request& request, const SessionRecord& session);
  boost::asio::awaitable<Response> record_conversion(const Request& request, const SessionRecord& session);
  boost::asio::awaitable<Response> start_new_conversation(const Request& request, const SessionRecord& session);
  boost::asio::awaitable<Response> availability(const Request& request);
  boost::asio::awaitable<Response> slots(const Request& request, const Target& target);
  // What a handoff's answer is made of, read together.
  struct HandoffStanding {
    std::optional<SessionRecord> session;
    std::optional<CallRecord> call;
  };
  // Where the handoff stands (`state` from the request that changed it), with
  // the WhatsApp link and QR code, or the booked call and its .ics.
  boost::json::object handoff_json(const HandoffStanding& standing, const std::optional<HandoffState>& state) const;
  boost::asio::awaitable<Response> handoff_response(const Request& request, const std::string& session_id,
                                                    const std::optional<HandoffState>& state);
  // The session named in the path if the bearer token is its own, or the
  // refusal to send.
  boost::asio::awaitable<std::variant<SessionRecord, Response>> authorize(const Request& request,
                                                                          const std::string& session_id);

  ConversationService& service_;
  const Cors& cors_;
  PrivacyApi privacy_;
};

}  // namespace baton
