#pragma once
// One console's admin event stream (GET /v1/admin/ws, docs/console.md).
//
// The first frame must be {"type":"hello","token":"<admin token>"} within
// hello_timeout; a wrong token is counted like a wrong bearer token on the
// admin API and closes the socket (1008). Then the console gets the snapshot
// (admin_snapshot.hpp) and every event of the admin feed after it, and may
// ask for one chat's transcript, one message's trace, a kept webhook's or
// Cloud API call's masked body, wa-sim's faults, or an action
// (relay/api/admin_actions.hpp).
//
// Bounded: the console's queue holds queue_limit lines. A console that falls
// further behind is closed (1013) and reconnects to a fresh snapshot; the
// relay never waits for it. One coroutine reads, one writes: the writer is
// the only one that writes or closes, so two writes never overlap.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/object.hpp>
#include <deque>
#include <memory>
#include <string>

#include "relay/api/admin_actions.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/core/crypto.hpp"
#include "relay/core/kept_bodies.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

// The bodies a console may read (masked): the kept webhooks and Cloud API calls.
struct AdminStreamKept {
  const KeptBodies& webhooks;
  const KeptBodies& graph_calls;
};

class AdminStream : public FeedListener, public std::enable_shared_from_this<AdminStream> {
 public:
  static constexpr std::size_t queue_limit = 4096;
  static constexpr std::chrono::seconds hello_timeout{10};

  AdminStream(boost::beast::tcp_stream stream, ConversationService& service, AdminActions& actions,
              AdminStreamKept kept, crypto::Digest token_hash, std::string client, std::shared_ptr<const void> hold);
  ~AdminStream() override;

  void start(Request request);
  void on_feed(const FeedLine& line) override;
  // The relay is stopping: close with 1001 once the line being written is out.
  void close_going_away();

 private:
  boost::asio::awaitable<void> run(Request request);
  boost::asio::awaitable<bool> authenticate();
  boost::asio::awaitable<void> read_requests();
  boost::asio::awaitable<void> write_lines();
  void answer(const boost::json::object& request);
  void push(FeedLine line);
  void push_json(const boost::json::object& frame);
  void wake_writer();
  void close_after(boost::beast::websocket::close_code code, std::string reason);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  ConversationService& service_;
  AdminActions& actions_;
  AdminStreamKept kept_;
  crypto::Digest token_hash_;
  std::string client_;
  std::shared_ptr<const void> hold_;
  boost::asio::steady_timer wake_;
  std::deque<FeedLine> queue_;
  bool snapshot_sent_ = false;  // lines wait behind the snapshot
  bool subscribed_ = false;
  bool done_ = false;
  std::optional<boost::beast::websocket::close_reason> closing_;
};

}  // namespace baton
