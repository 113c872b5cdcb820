#pragma once
// One browser tab's live stream (GET /v1/ws; protocol in docs/protocol.md).
//
// The tab proves its session (token in Sec-WebSocket-Protocol or in the
// hello frame), gets everything after the sequence number it last saw, then
// live frames. Writes go through a bounded queue with one write in flight; a
// tab that falls `queue_limit` frames behind is disconnected with 1013 and
// resumes from its last sequence number when it reconnects, instead of the
// relay buffering for it without limit. Reading pauses while the queue is
// full, so a tab that sends without reading cannot grow it either.

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <variant>

#include "common/protocol/client_frames.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/http/cors.hpp"
#include "relay/http/http_types.hpp"
#include "relay/hub/hub.hpp"

namespace baton {

struct WebsocketPlan {
  bool binary = false;
  std::string subprotocol;  // echoed to the browser
  std::optional<SessionRecord> session;  // authenticated by the header token
};

class WebsocketSession : public Subscriber, public std::enable_shared_from_this<WebsocketSession> {
 public:
  static constexpr std::size_t queue_limit = 64;
  static constexpr std::size_t max_pending_sends = 32;

  // Checks an upgrade request before accepting it: origin, subprotocol,
  // header token. The error is answered as plain HTTP.
  static std::variant<WebsocketPlan, ApiError> plan(const Request& request, ConversationService& service,
                                                    const Cors& cors);

  // Makes the live-stream metrics visible before the first connection.
  static void register_metrics();

  WebsocketSession(boost::beast::tcp_stream stream, ConversationService& service, WebsocketPlan plan);
  ~WebsocketSession() override;

  void start(const Request& request);
  void deliver(const SharedFrame& frame) override;
  // Server shutdown: close with 1001.
  void close_going_away();

 private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void on_frame(ClientFrame frame);
  void on_hello(const Hello& hello);
  void on_send(const SendText& send);
  void stream_backlog();
  void send(const ServerFrame& frame);
  void enqueue(const std::shared_ptr<const std::string>& buffer);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void close(boost::beast::websocket::close_code code, std::string_view reason);
  // Runs a step that reads the database; if it throws, this tab is told and
  // closed, and every other tab carries on.
  template <typename Step>
  void guarded(Step&& step);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  ConversationService& service_;
  WebsocketPlan plan_;
  boost::beast::flat_buffer buffer_;
  boost::asio::steady_timer hello_deadline_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool writing_ = false;
  bool closing_ = false;
  bool read_paused_ = false;
  std::string session_id_;  // set once the hello is accepted
  bool backlog_done_ = false;
  std::uint64_t last_sent_seq_ = 0;
  std::size_t pending_sends_ = 0;
};

}  // namespace baton
