#pragma once
// One browser tab's live stream (GET /v1/ws; protocol in docs/protocol.md).
//
// The tab proves its session (token in Sec-WebSocket-Protocol or in the
// hello frame), gets everything after the sequence number it last saw, then
// live frames. Outgoing frames go through a bounded queue, and exactly one
// function, write_next(), writes them, then the close frame once the queue
// has drained. Every path that produces a frame (the backlog, live fan-out,
// acknowledgements, errors) only queues it, so frames leave in order
// whatever order completions arrive in. The queue holds whole WebSocket
// messages, framed by the relay (a fan-out frame once for all its tabs),
// which write_next() copies into GatheredWrites, below Beast, while it has
// room; GatheredWrites sends what gathered while the socket was busy in one
// system call. Beast reads, answers pings and closes.
//
// An idle tab has no read of Beast's pending: once Beast has handed over
// every byte read (the counts in read_next()), the session waits for the
// socket to become readable, takes the pongs that answer keep_alive()'s
// pings itself, and starts Beast's read for anything else. Beast's pending
// read was 320 bytes per idle tab, the wait is about 100
// (docs/benchmarks.md).
//
// A tab that falls `queue_limit` frames behind is disconnected with 1013 and
// resumes from its last sequence number when it reconnects, instead of the
// relay buffering for it without limit. Reading pauses while the queue is
// full, so a tab that sends without reading cannot grow it either.
//
// The class is a template over the transport so that tests and the fuzzer
// can drive it through an in-memory stream; the relay uses
// `WebsocketSession`, over TCP, compiled once in websocket_session.cpp.

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/container/devector.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/protocol/client_frames.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/http/http_types.hpp"
#include "relay/hub/hub.hpp"
#include "relay/ws/gathered_writes.hpp"
#include "relay/ws/websocket_plan.hpp"

namespace baton {

template <class NextLayer>
class BasicWebsocketSession : public Subscriber, public std::enable_shared_from_this<BasicWebsocketSession<NextLayer>> {
 public:
  static constexpr std::size_t queue_limit = 64;
  // The backlog is read this many entries at a time, as the queue drains.
  static constexpr std::size_t backlog_page = queue_limit / 2;
  static constexpr std::size_t max_pending_sends = 32;
  // Live frames held while the backlog is read; a chat busier than this
  // during a catch-up closes the tab with 1013, and it resumes by sequence.
  static constexpr std::size_t held_limit = 4 * queue_limit;

  BasicWebsocketSession(NextLayer stream, ConversationService& service, WebsocketPlan plan);
  ~BasicWebsocketSession() override;

  // Accepts the upgrade that `request` asked for.
  void start(const Request& request);
  void deliver(const SharedFrame& frame) override;
  // Re-reads the log after the last frame sent (frames may have been lost
  // between relays); live frames wait meanwhile, as while catching up.
  void resync() override;
  // Server shutdown: close with 1001.
  void close_going_away();
  // Called every half idle timeout by whoever holds the open streams
  // (LiveStreamUpgrades): pings a tab that sent nothing since the last
  // call, and closes one that has not answered since the call before.
  // One timer for all tabs instead of one armed per read (Beast's idle
  // timeout): 160 bytes less per idle tab (docs/benchmarks.md).
  void keep_alive();

  // Frames queued and not yet written (for tests).
  std::size_t queued() const { return queue_.size(); }

 private:
  // What close() does with frames queued but not yet being written.
  enum class Queued { flush, drop };

  void on_accept(boost::beast::error_code ec);
  void do_read();
  // The next read: Beast's, or the idle wait when Beast holds nothing unread.
  // Only a real socket can be waited on; Beast's test streams always read.
  static constexpr bool waits_on_socket = requires(NextLayer & socket) { socket.native_handle(); };
  void read_next();
  void wait_idle();
  void on_readable(boost::beast::error_code ec);
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void on_frame(ClientFrame frame);
  void on_hello(const Hello& hello);
  void join(const SessionRecord& session, const Hello& hello);
  void on_send(const SendText& send);
  // Reads the log after last_sent_seq_ a page at a time, as the queue drains.
  void stream_backlog();
  // Where the chat stands, read with the backlog's last page.
  struct Standing {
    std::optional<SessionRecord> session;
    std::optional<QueueUpdate> position;
    AvailabilityChange availability;
  };
  struct Page {
    std::vector<LogEntry> entries;
    std::optional<Standing> standing;  // with the last page
  };
  void caught_up(const Standing& now);
  void resume_reading();
  // A read of the store failed: this tab is told and closed, every other
  // tab carries on.
  void storage_failed();
  void send(const ServerFrame& frame);
  void enqueue(const std::shared_ptr<const std::string>& buffer);
  // Nothing holds the stream: no write of Beast's, no handshake, no close.
  bool may_write() const;
  // The frame goes into GatheredWrites' buffer at once, counted, if it fits
  // there; false when it does not (only while may_write()).
  bool hand_to_layer(const std::string& frame);
  void write_next();
  void room_made();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void on_close(boost::beast::error_code ec);
  // Stops taking frames; the close frame follows the queue (or only the
  // frame being written, with Queued::drop).
  void close(boost::beast::websocket::close_code code, std::string_view reason, Queued queued = Queued::flush);
  // The stream is gone (read or write failed): nothing more is sent.
  void finish();
  // Runs a step that reads the database; if it throws, storage_failed().
  template <typename Step>
  void guarded(Step&& step);

  // Frames waiting for the tab: queued here, or taken by GatheredWrites and
  // not yet on the socket.
  std::size_t waiting() const { return queue_.size() + ws_.next_layer().unsent_writes(); }

  boost::beast::websocket::stream<GatheredWrites<NextLayer>> ws_;
  ConversationService& service_;
  // What the plan said that lasts past the handshake.
  std::shared_ptr<const SessionRecord> header_session_;  // opened by the header token, until the hello
  std::string client_;                                   // the caller's limit_key, for the message limits
  std::shared_ptr<const void> hold_;                     // keeps the connection counted by the server's caps
  std::array<char, 64> chunk_;                           // a read's destination; a hello takes a few
  std::string message_;                                  // the message read so far
  // Until the hello is answered; an idle tab then holds no timer.
  std::unique_ptr<boost::asio::steady_timer> hello_deadline_;
  // Not std::deque: an empty one holds 600 bytes, and most of a relay's
  // streams are idle tabs with nothing queued (docs/benchmarks.md).
  boost::container::devector<std::shared_ptr<const std::string>> queue_;
  // Held by pointer: Beast's close_reason is 130 bytes, and only closing
  // streams need one.
  std::unique_ptr<boost::beast::websocket::close_reason> close_reason_;
  std::string session_id_;         // set once the hello is accepted
  std::vector<SharedFrame> held_;  // live frames that arrived during the backlog
  std::uint64_t last_sent_seq_ = 0;
  // Bytes of the frames Beast has handed over, counting each message's
  // header at its smallest: equal to what the layer read only when Beast
  // holds no unread bytes (read_next()).
  std::uint64_t accounted_ = 0;
  std::uint32_t pending_sends_ = 0;
  // The flags together, so that the session fits jemalloc's 384-byte class.
  bool binary_;
  bool accepted_ = false;  // the handshake is done: writes may start
  bool writing_ = false;   // a frame write or the close is in flight
  bool closing_ = false;   // no new frames; close once the queue is written
  bool close_started_ = false;
  bool read_paused_ = false;
  bool continuing_ = false;  // room_made() has posted its step
  bool joining_ = false;     // a hello's token is being looked up; reading waits
  bool reading_backlog_ = false;
  bool backlog_done_ = false;
  bool reread_ = false;        // asked to resync while reading: read again once done
  bool heard_ = false;         // the tab sent something since the last keep_alive()
  bool pinged_ = false;        // keep_alive() pinged and has heard nothing since
  bool pinging_ = false;       // that ping is still being written
  bool closing_seen_ = false;  // keep_alive() found it closing already
};

// Over the bare socket: the HTTP layer's tcp_stream (two timers and a
// shared state) is released at the upgrade, and the WebSocket keeps its own
// timeouts. The socket is bound to the io_context's own executor, not the
// polymorphic one: 40 bytes instead of 88, which keeps Beast's state for a
// stream (the socket is inside it) at 2,544 bytes, in jemalloc's 2,560-byte
// class rather than its 3,072-byte one (docs/benchmarks.md).
using LiveSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;
using WebsocketSession = BasicWebsocketSession<LiveSocket>;
extern template class BasicWebsocketSession<LiveSocket>;

// The upgraded connection moved onto a LiveSocket of the same io_context;
// nullopt when the connection is already gone.
std::optional<LiveSocket> live_socket(boost::asio::ip::tcp::socket socket);

}  // namespace baton
