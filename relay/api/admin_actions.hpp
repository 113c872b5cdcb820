#pragma once
// What an admin may do, from the console (over GET /v1/admin/ws) or the API
// (POST /v1/admin/actions): one reading of the request, one set of checks,
// and one audit entry per action (done or refused) in the store, shown live
// on the admin feed. docs/console.md, "Actions".
//
//   {"action":"retry_send","row":"12"}              a waiting WhatsApp copy goes now
//   {"action":"end_chat","session":"ID or CODE"}    agent and visitor are told
//   {"action":"cancel_call","call":"5"}             a booked call; agent and visitor are told
//   {"action":"redeliver_webhook","webhook":"7"}    a kept webhook through the pipeline again
//   {"action":"sim_write","as":"agent","agent":"Ana","text":"..."}
//   {"action":"sim_write","as":"visitor","session":"ID","text":"..."}
//   {"action":"sim_fault","rule":{"kind":"error","code":131000,"count":5}}
//   {"action":"sim_clear_faults"}
//
// The sim_ actions reach wa-sim's control API and need --simulator-url
// (tools/dev demo passes it); without it they are refused (409 no_simulator).
// Texts an admin writes as a WhatsApp user are never in the audit, only
// their length.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <variant>

#include "relay/api/webhook_api.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/http/api_error.hpp"
#include "relay/http/client_stream.hpp"

namespace baton {

// An audit entry as the feed, the snapshot and GET /v1/admin/audit show it
// (each adds the time in its own form).
boost::json::object audit_fields(const AuditEntry& entry);

struct ActionAnswer {
  unsigned status = 200;
  boost::json::object body;  // {"action","target","message",...} or {"error":{"code","message"}}
};

class AdminActions {
 public:
  AdminActions(ConversationService& service, WebhookApi& webhooks);
  ~AdminActions();

  // `actor` says who, for the audit: "console@ADDRESS", "api@ADDRESS".
  boost::asio::awaitable<ActionAnswer> perform(const boost::json::value& request, std::string actor);

  // A change made through another admin endpoint (business hours, a call
  // cancelled, the outbox purged, a visitor's data erased), audited like an
  // action: `status` and `answer` are the endpoint's response (its body is
  // the detail: counts, ids and settings, never a visitor's words). A
  // setting's change also gives what a read of it answered `before` (its
  // secrets only as set or not), and the detail has both.
  boost::asio::awaitable<void> audit_change(const std::string& actor, const std::string& action,
                                            const std::string& target, unsigned status, const std::string& answer,
                                            const std::string& before = {});

  bool simulator() const { return simulator_.has_value(); }
  // What faults wa-sim holds now (GET /sim/faults): read, not audited.
  boost::asio::awaitable<ActionAnswer> simulator_faults();

  // The longest text an admin may write as a WhatsApp user (WhatsApp's own limit).
  static constexpr std::size_t max_text_chars = 4096;

 private:
  struct Done {
    std::string target;
    std::string message;
    boost::json::object extra;
    std::string session;  // for the chat's timeline on the feed
  };
  using Result = std::variant<Done, ApiError>;

  boost::asio::awaitable<Result> retry_send(const boost::json::object& request, std::string& target);
  boost::asio::awaitable<Result> end_chat(const boost::json::object& request, std::string& target);
  boost::asio::awaitable<Result> cancel_call(const boost::json::object& request, std::string& target);
  boost::asio::awaitable<Result> redeliver(const boost::json::object& request, std::string& target);
  boost::asio::awaitable<Result> sim_write(const boost::json::object& request, std::string& target);
  boost::asio::awaitable<Result> sim_fault(const boost::json::object& request, std::string& target);
  boost::asio::awaitable<Result> sim_clear_faults(std::string& target);
  // A call to wa-sim's control API; its JSON answer, or why not.
  boost::asio::awaitable<std::variant<boost::json::value, ApiError>> call_simulator(boost::beast::http::verb method,
                                                                                    const std::string& path,
                                                                                    std::string body);
  // Stores the audit entry, puts it on the feed; answers with its id (0 if
  // it could not be stored: the action stands, the log says so).
  boost::asio::awaitable<std::int64_t> audit(const std::string& actor, const std::string& action,
                                             const std::string& target, const Result& result);

  ConversationService& service_;
  WebhookApi& webhooks_;
  std::optional<HttpEndpoint> simulator_;
  std::unique_ptr<boost::asio::ssl::context> simulator_tls_;
};

}  // namespace baton
