#pragma once
// The definitions of BasicWebsocketSession. Included by websocket_session.cpp
// (the relay's TCP instantiation) and by tests that instantiate it over an
// in-memory stream; nothing else includes this file.

#include <array>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/field.hpp>
#include <cerrno>
#include <exception>
#include <span>
#include <sys/socket.h>

#include "common/ids.hpp"
#include "common/limits.hpp"
#include "common/message_text.hpp"
#include "common/protocol/binary_codec.hpp"
#include "relay/conversation/queue_positions.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/hub/json_codec.hpp"
#include "relay/hub/websocket_message.hpp"
#include "relay/ws/client_frame_sizes.hpp"
#include "relay/ws/live_stream_metrics.hpp"
#include "relay/ws/websocket_session.hpp"

namespace baton {

template <class NextLayer>
template <typename Step>
void BasicWebsocketSession<NextLayer>::guarded(Step&& step) {
  try {
    step();
  } catch (const std::exception& e) {
    log::error("live stream step failed", {{"error", e.what()}});
    storage_failed();
  }
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::storage_failed() {
  send(ErrorFrame{"storage_unavailable", "the relay could not read this conversation; reconnect to resume", {}});
  close(websocket::close_code::internal_error, "storage unavailable");
}

template <class NextLayer>
BasicWebsocketSession<NextLayer>::BasicWebsocketSession(NextLayer stream, ConversationService& service,
                                                        WebsocketPlan plan)
    : ws_(std::move(stream)),
      service_(service),
      header_session_(std::move(plan.session)),
      client_(std::move(plan.client)),
      hold_(std::move(plan.hold)),
      binary_(plan.binary) {
  ws_.binary(binary_);
  ws_.set_option(
      websocket::stream_base::decorator([protocol = std::move(plan.subprotocol)](websocket::response_type& response) {
        response.set(http::field::server, "baton");
        if (!protocol.empty()) response.set(http::field::sec_websocket_protocol, protocol);
      }));
  live_stream_metrics().open.add(1);
}

template <class NextLayer>
BasicWebsocketSession<NextLayer>::~BasicWebsocketSession() {
  // No unsubscribe here: every way a stream ends goes through close() or
  // finish(), which do it, and a session destroyed with the event loop at
  // exit may outlive the service. The hub forgets expired subscribers.
  live_stream_metrics().open.add(-1);
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::start(const Request& request) {
  // The HTTP layer's deadline was for the request; the WebSocket's own
  // timeouts take over: Beast's for the opening and closing handshakes,
  // keep_alive() for an open stream's silence.
  if constexpr (requires { beast::get_lowest_layer(ws_).expires_never(); }) {
    beast::get_lowest_layer(ws_).expires_never();
  }
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout = websocket::stream_base::none();
  ws_.set_option(timeouts);
  // Pings, pongs and close frames are heard too. Called only within a read,
  // whose handler holds this session.
  ws_.control_callback([this](websocket::frame_type, beast::string_view payload) {
    heard_ = true;
    accounted_ += smallest_client_header(payload.size()) + payload.size();
  });
  ws_.read_message_max(limits::frame_bytes);
  // A frame is one write, which GatheredWrites counts as one.
  ws_.auto_fragment(false);
  ws_.async_accept(request, beast::bind_front_handler(&BasicWebsocketSession::on_accept, this->shared_from_this()));
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::on_accept(beast::error_code ec) {
  if (ec) return finish();
  accepted_ = true;
  // Closed while the handshake was under way (the relay is stopping): the
  // close frame may go now that the stream is open.
  if (closing_) return write_next();
  constexpr auto hello_timeout = std::chrono::seconds(10);
  hello_deadline_ = std::make_unique<boost::asio::steady_timer>(ws_.get_executor(), hello_timeout);
  hello_deadline_->async_wait([weak = this->weak_from_this()](beast::error_code timer_ec) {
    auto self = weak.lock();
    if (timer_ec || !self || !self->session_id_.empty()) return;
    self->close(websocket::close_code::policy_error, "no hello");
  });
  read_next();
}

// A message is read a chunk at a time into the session's own small buffer
// and gathered in `message_`. Beast's whole-message read would reserve 1.5
// KiB in a dynamic buffer before the first byte arrives, and an idle tab
// waits in that read for as long as it is open (docs/benchmarks.md). Beast
// still answers pings and enforces read_message_max frame by frame.
template <class NextLayer>
void BasicWebsocketSession<NextLayer>::do_read() {
  ws_.async_read_some(boost::asio::buffer(chunk_),
                      beast::bind_front_handler(&BasicWebsocketSession::on_read, this->shared_from_this()));
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::on_read(beast::error_code ec, std::size_t bytes) {
  // Closed, timed out, or too large (1009 already sent by Beast).
  if (ec) return finish();
  heard_ = true;
  accounted_ += bytes;
  message_.append(chunk_.data(), bytes);
  if (!ws_.is_message_done()) return do_read();
  std::string data;
  data.swap(message_);  // idle tabs hold no message buffer
  accounted_ += smallest_client_header(data.size());

  if (closing_) return;
  if (binary_ != !ws_.got_text()) {
    send(ErrorFrame{"wrong_frame_type", binary_ ? "this stream carries binary frames" : "send text frames", {}});
  } else if (binary_) {
    if (auto frame = decode_client_frame(data)) guarded([&] { on_frame(std::move(*frame)); });
    else send(ErrorFrame{"invalid_frame", "the frame is not a valid client frame", {}});
  } else {
    auto frame = decode_client_json(data);
    if (auto* error = std::get_if<Refusal>(&frame)) send(ErrorFrame{error->code, error->sentence, {}});
    else guarded([&] { on_frame(std::get<ClientFrame>(std::move(frame))); });
  }
  if (closing_) return;
  if (joining_) {
    // Frames after the hello wait until it is answered.
    read_paused_ = true;
  } else if (waiting() >= queue_limit) {
    read_paused_ = true;
    live_stream_metrics().paused.inc();
  } else {
    read_next();
  }
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::read_next() {
  // Beast hands over every byte it read as part of a frame, and a frame's
  // header is at least its smallest size: the bytes accounted for reach the
  // bytes read only when Beast has none left unread. (A message in several
  // frames counts one header and so stays below, and goes on through
  // Beast's read, which is always safe.) Beast's test streams cannot wait.
  if constexpr (waits_on_socket) {
    if (ws_.next_layer().delivered() == accounted_) return wait_idle();
  }
  do_read();
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::wait_idle() {
  if constexpr (waits_on_socket) {
    ws_.next_layer().next_layer().async_wait(
        net::socket_base::wait_read,
        [self = this->shared_from_this()](beast::error_code ec) { self->on_readable(ec); });
  }
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::on_readable(beast::error_code ec) {
  // Closing: Beast's close reads the tab's answer itself.
  if (closing_) return;
  if (ec) return finish();
  if constexpr (waits_on_socket) {
    // Pongs answering keep_alive()'s pings are taken here, whole, straight
    // from the socket: given to Beast, its read would stay pending for the
    // next message. Anything else, or a pong not all there yet, is Beast's.
    auto fd = ws_.next_layer().next_layer().native_handle();
    std::array<unsigned char, 131> head;  // the largest pong
    for (;;) {
      auto peeked = ::recv(fd, head.data(), head.size(), MSG_PEEK | MSG_DONTWAIT);
      if (peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return wait_idle();
      if (peeked <= 0) break;  // the end or an error: Beast's read reports it
      auto pong = whole_client_pong(std::span(head.data(), static_cast<std::size_t>(peeked)));
      if (pong == 0) break;
      if (::recv(fd, head.data(), pong, MSG_DONTWAIT) != static_cast<ssize_t>(pong)) break;
      heard_ = true;
    }
  }
  do_read();
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::resume_reading() {
  if (read_paused_ && !closing_ && !joining_ && waiting() < queue_limit / 2) {
    read_paused_ = false;
    read_next();
  }
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::on_frame(ClientFrame frame) {
  if (auto* hello = std::get_if<Hello>(&frame)) return on_hello(*hello);
  if (session_id_.empty()) {
    send(ErrorFrame{"hello_first", "send a hello frame first", {}});
    close(websocket::close_code::policy_error, "hello first");
    return;
  }
  // What the tab says of its visitor: for the agent's WhatsApp, never an answer.
  if (auto* seen = std::get_if<Seen>(&frame)) return service_.visitor_saw(session_id_, seen->seq);
  if (std::holds_alternative<Typing>(frame)) return service_.visitor_typing(session_id_);
  on_send(std::get<SendText>(frame));
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::on_hello(const Hello& hello) {
  if (!session_id_.empty() || joining_) {
    send(ErrorFrame{"already_joined", "this connection already follows a session", {}});
    return;
  }
  if (header_session_) {
    auto session = std::move(header_session_);
    return join(*session, hello);
  }
  joining_ = true;
  service_.find_session_by_token(
      hello.token, [self = this->shared_from_this(), hello](Outcome<std::optional<SessionRecord>> found) {
        self->joining_ = false;
        if (self->closing_) return;
        if (std::holds_alternative<Refusal>(found)) return self->storage_failed();
        const auto& session = std::get<std::optional<SessionRecord>>(found);
        if (!session) {
          self->send(ErrorFrame{"invalid_token", "the session id and token do not match", {}});
          self->close(websocket::close_code::policy_error, "invalid token");
          return;
        }
        self->join(*session, hello);
        self->resume_reading();
      });
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::join(const SessionRecord& session, const Hello& hello) {
  if (!hello.session_id.empty() && hello.session_id != session.id) {
    send(ErrorFrame{"invalid_token", "the session id and token do not match", {}});
    close(websocket::close_code::policy_error, "invalid token");
    return;
  }
  hello_deadline_.reset();  // cancels the wait
  session_id_ = session.id;
  last_sent_seq_ = hello.after_seq;
  const auto agent = service_.agents().find_by_phone(session.agent_phone);
  send(Welcome{session.id, session.code, session.state, agent ? agent->name : std::string(), session.last_seq,
               agent ? agent->photo : std::string()});
  // Subscribed before the first read: whatever commits after this arrives
  // live (held until the backlog is sent), whatever committed before is in
  // the reads, and frames in both are skipped by sequence number.
  service_.hub().subscribe(session_id_, this->shared_from_this());
  stream_backlog();
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::stream_backlog() {
  if (backlog_done_ || closing_ || reading_backlog_ || waiting() >= backlog_page) return;
  reading_backlog_ = true;
  service_.read<Page>(
      [session_id = session_id_, after = last_sent_seq_, availability = service_.availability_reader()](StoreTx& tx) {
        Page page{tx.messages().log_after(session_id, after, backlog_page), {}};
        if (page.entries.size() < backlog_page) {
          // With the last page: where the chat stands, for a tab that was away.
          Standing now{tx.sessions().find(session_id), std::nullopt, availability_frame(availability(tx))};
          if (now.session && now.session->state == SessionState::waiting) {
            auto positions = queue_positions(tx);
            if (auto it = positions.find(session_id); it != positions.end()) now.position = it->second;
          }
          page.standing = std::move(now);
        }
        return page;
      },
      [self = this->shared_from_this()](Outcome<Page> read) {
        self->reading_backlog_ = false;
        if (self->closing_) return;
        if (std::holds_alternative<Refusal>(read)) return self->storage_failed();
        auto& page = std::get<Page>(read);
        for (const auto& entry : page.entries) {
          std::visit([&self](const auto& e) { self->send(e); }, entry);
        }
        if (page.standing) {
          self->caught_up(*page.standing);
        } else {
          self->stream_backlog();
        }
      });
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::caught_up(const Standing& now) {
  if (reread_) {
    // Frames may have been lost after this read began: read once more.
    reread_ = false;
    return stream_backlog();
  }
  backlog_done_ = true;
  // The last page and the session were read together: whatever the log held
  // up to the session's last sequence number has been sent (numbers missing
  // from it were erased), so a later frame right after it is no gap.
  if (now.session) last_sent_seq_ = std::max(last_sent_seq_, now.session->last_seq);
  if (now.session) {
    const auto agent = service_.agents().find_by_phone(now.session->agent_phone);
    send(StateChange{now.session->state, agent ? agent->name : std::string(), agent ? agent->photo : std::string()});
    if (now.position) send(*now.position);
    // What may have changed while this tab was away.
    send(now.availability);
  }
  // Newer than anything above: they committed after the subscription.
  auto held = std::move(held_);
  held_.clear();
  for (const auto& frame : held) deliver(frame);
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::on_send(const SendText& request) {
  if (!is_valid_client_id(request.cid)) {
    send(ErrorFrame{"invalid_cid", "cid must be 1-64 characters of A-Z a-z 0-9 _ -", request.cid});
    return;
  }
  if (auto problem = check_visitor_text(request.text, !request.attachment_id.empty())) {
    send(ErrorFrame{std::string(error_code(*problem)), std::string(describe(*problem)), request.cid});
    return;
  }
  if (pending_sends_ >= max_pending_sends) {
    send(ErrorFrame{"too_many_pending", "wait for acknowledgements before sending more", request.cid});
    return;
  }
  if (auto limited = service_.limits().message(session_id_, client_, service_.clock().now_ms())) {
    send(ErrorFrame{limited->code, limited->sentence, request.cid});
    return;
  }
  ++pending_sends_;
  service_.post_visitor_message(session_id_, request.cid, request.text, request.attachment_id,
                                [self = this->shared_from_this(), cid = request.cid](Outcome<PostedMessage> r) {
                                  --self->pending_sends_;
                                  if (auto* error = std::get_if<Refusal>(&r)) {
                                    self->send(ErrorFrame{error->code, error->sentence, cid});
                                    return;
                                  }
                                  const auto& posted = std::get<PostedMessage>(r).message;
                                  self->send(Ack{cid, posted.id, posted.seq});
                                });
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::deliver(const SharedFrame& frame) {
  if (closing_) return;
  if (!backlog_done_) {
    if (held_.size() >= held_limit) {
      live_stream_metrics().slow.inc();
      log::info("tab too far behind while catching up", {{"held", held_.size()}});
      close(websocket::close_code::try_again_later, "too far behind; reconnect and resume", Queued::drop);
      return;
    }
    held_.push_back(frame);
    return;
  }
  if (frame->seq() != 0) {
    if (frame->seq() <= last_sent_seq_) return;
    if (frame->seq() > last_sent_seq_ + 1) {
      // An earlier entry has not come: in a cluster another relay's frame
      // can be overtaken, or lost with the link (relay/hub/redis_hub.hpp).
      // The log has it; this frame waits for the read. Each such read ends:
      // a chat's entry commits only after every earlier one did (the
      // session row's lock), so a read begun after this frame came sees
      // all entries up to it.
      live_stream_metrics().rereads.inc();
      held_.push_back(frame);
      backlog_done_ = false;
      return stream_backlog();
    }
    last_sent_seq_ = frame->seq();
  }
  if (waiting() >= queue_limit) {
    live_stream_metrics().slow.inc();
    log::info("slow tab disconnected", {{"queued", waiting()}});
    close(websocket::close_code::try_again_later, "too slow; reconnect and resume", Queued::drop);
    return;
  }
  enqueue(frame->on_the_wire(binary_));
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::resync() {
  if (closing_ || session_id_.empty()) return;
  live_stream_metrics().rereads.inc();
  if (!backlog_done_) {
    reread_ = true;
    return;
  }
  backlog_done_ = false;
  stream_backlog();
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::send(const ServerFrame& frame) {
  std::uint64_t seq = 0;
  if (const auto* m = std::get_if<Message>(&frame)) seq = m->seq;
  if (const auto* s = std::get_if<StatusChange>(&frame)) seq = s->seq;
  if (seq != 0) last_sent_seq_ = std::max(last_sent_seq_, seq);
  enqueue(std::make_shared<const std::string>(
      websocket_message(binary_ ? encode_binary(frame) : encode_json(frame), binary_)));
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::enqueue(const std::shared_ptr<const std::string>& buffer) {
  if (closing_) return;
  // A tab that keeps up has nothing queued: its frame goes straight into
  // the layer's buffer without passing through the queue. In a fan-out the
  // queue's copy and release of the shared buffer's reference count was a
  // tenth of the relay's work per delivery (docs/benchmarks.md).
  if (queue_.empty() && may_write() && hand_to_layer(*buffer)) {
    room_made();
    return;
  }
  queue_.push_back(buffer);
  write_next();
}

template <class NextLayer>
bool BasicWebsocketSession<NextLayer>::may_write() const {
  // Beast's handshake owns the stream until it completes; on_accept calls
  // write_next() then. Once the tab's close frame has come, Beast answers it
  // and nothing may follow; the read ends with an error and finish() clears
  // the queue.
  return accepted_ && !writing_ && !close_started_ && ws_.is_open();
}

template <class NextLayer>
bool BasicWebsocketSession<NextLayer>::hand_to_layer(const std::string& frame) {
  if (!ws_.next_layer().try_take(net::buffer(frame))) return false;
  live_stream_metrics().frames.inc();
  return true;
}

// Where the queue is written to the socket (enqueue() skips the queue when
// it is empty and the layer takes the frame at once). The queue holds whole
// WebSocket messages, header included, written below Beast: a frame shared
// by a thousand tabs is framed once, and a tab's frames go straight into
// GatheredWrites' buffer while it has room, with no operation, completion
// or reference count per frame. Beast still writes its own control frames
// (pong, ping, close) into the same buffer, each in one piece, so frames
// never interleave.
template <class NextLayer>
void BasicWebsocketSession<NextLayer>::write_next() {
  if (!may_write()) return;
  bool took = false;
  while (!queue_.empty() && hand_to_layer(*queue_.front())) {
    queue_.pop_front();
    took = true;
  }
  if (!queue_.empty()) {
    // Past the layer's limits: this write completes once the socket has
    // taken what came before (GatheredWrites takes a write whole).
    writing_ = true;
    ws_.next_layer().async_write_some(
        net::buffer(*queue_.front()),
        beast::bind_front_handler(&BasicWebsocketSession::on_write, this->shared_from_this()));
  } else if (closing_) {
    writing_ = true;
    close_started_ = true;
    ws_.async_close(*close_reason_,
                    beast::bind_front_handler(&BasicWebsocketSession::on_close, this->shared_from_this()));
  }
  if (took) room_made();
}

// What waits for room in the queue (the backlog's next page, a paused
// read) goes on after the current step, never inside it: a backlog page
// being sent must not start the next page's read.
template <class NextLayer>
void BasicWebsocketSession<NextLayer>::room_made() {
  bool backlog_waits = !session_id_.empty() && !backlog_done_ && !reading_backlog_;
  if (continuing_ || !(read_paused_ || backlog_waits)) return;
  continuing_ = true;
  net::post(ws_.get_executor(), [self = this->shared_from_this()] {
    self->continuing_ = false;
    if (self->closing_) return;
    if (!self->session_id_.empty()) self->stream_backlog();
    self->resume_reading();
  });
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  if (ec) return finish();
  live_stream_metrics().frames.inc();
  queue_.pop_front();
  if (!session_id_.empty()) stream_backlog();
  write_next();
  resume_reading();
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::on_close(beast::error_code) {
  writing_ = false;
  finish();
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::close(websocket::close_code code, std::string_view reason, Queued queued) {
  if (closing_) return;
  closing_ = true;
  close_reason_ = std::make_unique<websocket::close_reason>(code, std::string(reason));
  if (queued == Queued::drop && !queue_.empty()) {
    // The frame being written stays alive until its write completes.
    queue_.erase(writing_ ? std::next(queue_.begin()) : queue_.begin(), queue_.end());
  }
  if (!session_id_.empty()) service_.hub().unsubscribe(session_id_, this);
  held_.clear();
  hello_deadline_.reset();  // cancels the wait
  write_next();
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::finish() {
  // Frames already taken by GatheredWrites may still be on their way: the
  // socket, and so this session, lives until they are sent or fail.
  ws_.next_layer().keep_while_sending(this->shared_from_this());
  closing_ = true;
  close_started_ = true;
  // Nothing more can be written; a write in flight keeps its frame.
  if (!queue_.empty()) queue_.erase(writing_ ? std::next(queue_.begin()) : queue_.begin(), queue_.end());
  if (!session_id_.empty()) service_.hub().unsubscribe(session_id_, this);
  held_.clear();
  hello_deadline_.reset();  // cancels the wait
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::keep_alive() {
  // The opening handshake has Beast's own deadline.
  if (!accepted_) return;
  if (closing_) {
    // So has the closing one, but it starts only once the frame being
    // written has gone, and a tab that stopped reading never takes it (nor
    // do the frames GatheredWrites holds for a finished session). A tab
    // still closing a whole round later is let go: without this it would
    // keep its socket, buffers and connection slot for good.
    if (closing_seen_) beast::close_socket(beast::get_lowest_layer(ws_));
    closing_seen_ = true;
    return;
  }
  if (heard_) {
    heard_ = false;
    pinged_ = false;
    return;
  }
  if (!pinged_) {
    pinged_ = true;
    // Beast takes one ping at a time; one still held by a stuck socket
    // counts as sent.
    if (pinging_) return;
    pinging_ = true;
    ws_.async_ping({}, [self = this->shared_from_this()](beast::error_code) { self->pinging_ = false; });
    return;
  }
  // Nothing for a whole idle timeout: the tab or its network is gone. Its
  // read fails with the socket, and the tab resumes by sequence number if
  // it comes back.
  live_stream_metrics().timeouts.inc();
  finish();
  beast::close_socket(beast::get_lowest_layer(ws_));
}

template <class NextLayer>
void BasicWebsocketSession<NextLayer>::close_going_away() {
  // Tabs resume by sequence number after the restart; no need to flush.
  close(websocket::close_code::going_away, "relay shutting down", Queued::drop);
}

}  // namespace baton
