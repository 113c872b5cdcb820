#pragma once
// /v1/admin/...: what operators, the console and the admin page use. Every
// request needs the admin bearer token, or the admin page's session cookie
// (and, for a change, its X-CSRF-Token; admin_sessions.hpp).
//
//   POST /v1/admin/login  {"token"}  a session cookie for the page, and its CSRF token
//   GET  /v1/admin/session           the page's CSRF token again (after a reload)
//   POST /v1/admin/logout            ends the page's session
//   GET /v1/admin/sessions?limit=N   newest sessions first
//   GET /v1/admin/sessions/{id}      one session: context, state, full log
//   GET /v1/admin/outbox             WhatsApp messages not yet settled, and counts
//   DELETE /v1/admin/outbox?session=ID|recipient=+E164   cancels what is not yet sent
//   GET /v1/admin/mail               the newest 100 fallback e-mails and how each went
//   GET /v1/admin/whatsapp, POST /v1/admin/whatsapp/test, GET /v1/admin/mail/settings,
//   POST /v1/admin/mail/test         settings in force and a harmless test of each
//                                    (connection_tests.hpp); the tests are audited
//   GET /v1/admin/calls              call-backs not yet over, earliest first
//   DELETE /v1/admin/calls/{id}      cancels a booked call (agent and visitor are told)
//   GET/PUT/DELETE /v1/admin/origins the sites that may show the chat (origins_setting.hpp)
//   GET/PUT/DELETE /v1/admin/retention  how many days chats with nothing new are kept
//   GET /v1/admin/agents             the agents: online or away, 24-hour window, chats and capacity
//   PUT/DELETE /v1/admin/agents      sets them at once (admin_agents.cpp), or back to --agents
//   GET/PUT/DELETE /v1/admin/rates   what WhatsApp messages and model tokens cost (admin_rates.cpp)
//   GET/PUT/DELETE /v1/admin/widget  the widget's look, greeting and ways offered (admin_widget.cpp)
//   GET/PUT/DELETE /v1/admin/faq, POST /v1/admin/faq/try, GET/PUT/DELETE /v1/admin/model
//                                    the assistant's FAQ and model (assistant_setting.hpp)
//   GET /v1/admin/hours              business hours in force, and whether open now
//   PUT /v1/admin/hours              sets them at once and keeps them over restarts
//   DELETE /v1/admin/hours           back to the hours given by flags or TOML
//   GET /v1/admin/trace?id=ID       one message's path (message id, client id or wamid)
//   GET /v1/admin/ws                 the console's event stream (relay/ws/admin_stream.hpp)
//   GET/DELETE /v1/admin/visitors    export or erase a visitor's data (privacy_api.hpp)
//   POST /v1/admin/actions           retry a send, end a chat, re-deliver a webhook,
//                                    simulator actions (admin_actions.hpp); each audited
//   GET /v1/admin/audit?limit=N&before=ID   what admins did, newest first (every
//                                    change above is audited, done or refused)
//   GET /v1/admin/analytics?from=&to=&by=day|agent|way&window_days=7&format=json|csv
//                                    the success metrics (relay/conversation/success_metrics.hpp)
//   GET /v1/admin/webhooks           the kept webhook bodies (relay/core/kept_bodies.hpp)
//   GET /v1/admin/webhooks/{id}      one of them, numbers and texts masked
//   GET /v1/admin/graph_calls[/{id}] the kept Cloud API calls (request and answer), likewise
//   GET /v1/admin/simulator/faults   wa-sim's faults now (with --simulator-url)

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "relay/api/admin_actions.hpp"
#include "relay/api/admin_sessions.hpp"
#include "relay/api/assistant_setting.hpp"
#include "relay/api/connection_tests.hpp"
#include "relay/api/origins_setting.hpp"
#include "relay/api/privacy_api.hpp"
#include "relay/api/webhook_api.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/core/crypto.hpp"
#include "relay/http/http_types.hpp"
#include "relay/http/target.hpp"

namespace baton {

class AdminApi {
 public:
  AdminApi(ConversationService& service, crypto::Digest token_hash, AdminActions& actions, const KeptBodies& webhooks,
           const KeptBodies& graph_calls, OriginsSetting& origins, ConnectionTests& connection_tests,
           AssistantSetting& assistant)
      : service_(service),
        token_hash_(token_hash),
        privacy_(service),
        actions_(actions),
        webhooks_(webhooks),
        graph_calls_(graph_calls),
        origins_(origins),
        connection_tests_(connection_tests),
        assistant_(assistant) {}

  // `client` is the caller's limit_key: wrong tokens are counted per address.
  boost::asio::awaitable<std::optional<Response>> handle(const Request& request, const Target& target,
                                                         const std::string& client);

 private:
  boost::asio::awaitable<Response> sessions(const Request& request, const Target& target);
  boost::asio::awaitable<Response> session(const Request& request, const std::string& id);
  boost::asio::awaitable<Response> outbox(const Request& request);
  boost::asio::awaitable<Response> cancel_queued(const Request& request, const Target& target);
  boost::asio::awaitable<Response> mail(const Request& request);
  boost::asio::awaitable<Response> calls(const Request& request);
  // Answers with what `build` makes of one snapshot of the store.
  boost::asio::awaitable<Response> from_store(const Request& request, std::function<Response(StoreTx&)> build);
  boost::asio::awaitable<Response> cancel_call(const Request& request, const std::string& id);
  boost::json::object hours_json(const Availability& now) const;
  // GET, PUT or DELETE /v1/admin/hours.
  boost::asio::awaitable<Response> hours(const Request& request);
  boost::asio::awaitable<Response> hours_response(const Request& request);
  boost::asio::awaitable<Response> set_hours(const Request& request);
  boost::asio::awaitable<Response> trace(const Request& request, const Target& target);
  boost::asio::awaitable<Response> audit(const Request& request, const Target& target);
  boost::asio::awaitable<Response> analytics(const Request& request, const Target& target);
  boost::asio::awaitable<Response> retention(const Request& request);
  boost::asio::awaitable<Response> agents(const Request& request);
  boost::asio::awaitable<Response> agents_response(const Request& request);
  boost::asio::awaitable<Response> rates(const Request& request);
  boost::asio::awaitable<Response> widget(const Request& request);
  boost::asio::awaitable<Response> sign_in(const Request& request, const std::string& client);
  // A wrong token: answered after the limits' growing delay, and counted.
  boost::asio::awaitable<Response> refuse_token(const Request& request, const std::string& client);
  bool secure_cookies() const;
  // The settings each audited change is about, and what a read of one answers now.
  static bool setting_named(const Target& target);
  boost::asio::awaitable<Response> setting_now(const Target& target, const Request& read);
  // Kept bodies (relay/core/kept_bodies.hpp): the list, or one masked.
  Response kept_list(const Request& request, const KeptBodies& bodies);
  Response kept_one(const Request& request, const KeptBodies& bodies, const std::string& id);

  ConversationService& service_;
  crypto::Digest token_hash_;
  PrivacyApi privacy_;
  AdminActions& actions_;
  const KeptBodies& webhooks_;
  const KeptBodies& graph_calls_;
  AdminSessions sessions_;
  OriginsSetting& origins_;
  ConnectionTests& connection_tests_;
  AssistantSetting& assistant_;
};

}  // namespace baton
