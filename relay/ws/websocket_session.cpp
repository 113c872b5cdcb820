#include "relay/ws/websocket_session.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "common/ids.hpp"
#include "common/limits.hpp"
#include "common/message_text.hpp"
#include "common/protocol/binary_codec.hpp"
#include "relay/api/json_codec.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/net.hpp"

namespace baton {
namespace {

constexpr std::string_view json_protocol = "baton.v1.json";
constexpr std::string_view binary_protocol = "baton.v1.bin";
constexpr std::string_view auth_prefix = "baton.auth.";
constexpr auto hello_timeout = std::chrono::seconds(10);

struct WsMetrics {
  metrics::Gauge& open = metrics::registry().gauge("baton_ws_connections", "Open live-stream connections");
  metrics::Counter& slow = metrics::registry().counter("baton_ws_slow_disconnects_total",
                                                       "Tabs disconnected for falling too far behind");
  metrics::Counter& frames = metrics::registry().counter("baton_ws_frames_sent_total", "Frames written to tabs");
  metrics::Counter& paused = metrics::registry().counter("baton_ws_read_pauses_total",
                                                         "Times a tab's frames went unread while its queue was full");
};

WsMetrics& ws_metrics() {
  static WsMetrics m;
  return m;
}

std::vector<std::string_view> offered_protocols(const Request& request) {
  std::vector<std::string_view> out;
  auto it = request.find(http::field::sec_websocket_protocol);
  if (it == request.end()) return out;
  std::string_view value = it->value();
  while (!value.empty()) {
    auto comma = value.find(',');
    auto item = value.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

template <typename Step>
void WebsocketSession::guarded(Step&& step) {
  try {
    step();
  } catch (const std::exception& e) {
    log::error("live stream step failed", {{"error", e.what()}});
    send(ErrorFrame{"storage_unavailable", "the relay could not read this conversation; reconnect to resume", {}});
    close(websocket::close_code::internal_error, "storage unavailable");
  }
}

std::variant<WebsocketPlan, ApiError> WebsocketSession::plan(const Request& request, ConversationService& service,
                                                             const Cors& cors) {
  if (!cors.allows(Cors::origin_of(request))) {
    return ApiError{403, "origin_not_allowed", "this site may not use the chat relay"};
  }
  WebsocketPlan plan;
  auto offered = offered_protocols(request);
  std::string_view token;
  for (auto protocol : offered) {
    if (protocol == json_protocol || protocol == binary_protocol) {
      if (plan.subprotocol.empty()) {
        plan.subprotocol = std::string(protocol);
        plan.binary = protocol == binary_protocol;
      }
    } else if (protocol.starts_with(auth_prefix)) {
      token = protocol.substr(auth_prefix.size());
    }
  }
  if (!offered.empty() && plan.subprotocol.empty()) {
    return ApiError{400, "unsupported_protocol", "offer baton.v1.json or baton.v1.bin"};
  }
  if (!token.empty()) {
    plan.session = service.session_for_token(token);
    if (!plan.session) return ApiError{401, "invalid_token", "the session token is not valid"};
  }
  return plan;
}

void WebsocketSession::register_metrics() { ws_metrics(); }

WebsocketSession::WebsocketSession(beast::tcp_stream stream, ConversationService& service, WebsocketPlan plan)
    : ws_(std::move(stream)), service_(service), plan_(std::move(plan)), hello_deadline_(ws_.get_executor()) {
  ws_metrics().open.add(1);
}

WebsocketSession::~WebsocketSession() {
  ws_metrics().open.add(-1);
  if (!session_id_.empty()) service_.hub().unsubscribe(session_id_, this);
}

void WebsocketSession::start(const Request& request) {
  beast::get_lowest_layer(ws_).expires_never();
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout = std::chrono::seconds(60);
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(limits::frame_bytes);
  ws_.binary(plan_.binary);
  ws_.set_option(websocket::stream_base::decorator([protocol = plan_.subprotocol](websocket::response_type& response) {
    response.set(http::field::server, "baton");
    if (!protocol.empty()) response.set(http::field::sec_websocket_protocol, protocol);
  }));
  ws_.async_accept(request, beast::bind_front_handler(&WebsocketSession::on_accept, shared_from_this()));
}

void WebsocketSession::on_accept(beast::error_code ec) {
  if (ec) return;
  hello_deadline_.expires_after(hello_timeout);
  hello_deadline_.async_wait([weak = weak_from_this()](beast::error_code timer_ec) {
    auto self = weak.lock();
    if (timer_ec || !self || !self->session_id_.empty()) return;
    self->close(websocket::close_code::policy_error, "no hello");
  });
  do_read();
}

void WebsocketSession::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WebsocketSession::on_read, shared_from_this()));
}

void WebsocketSession::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    // Closed, timed out, or too large (1009 already sent by Beast).
    hello_deadline_.cancel();
    return;
  }
  std::string data = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  buffer_.shrink_to_fit();  // idle tabs should not hold their largest frame

  if (plan_.binary != !ws_.got_text()) {
    send(ErrorFrame{"wrong_frame_type", plan_.binary ? "this stream carries binary frames" : "send text frames", {}});
  } else if (plan_.binary) {
    if (auto frame = decode_client_frame(data)) guarded([&] { on_frame(std::move(*frame)); });
    else send(ErrorFrame{"invalid_frame", "the frame is not a valid client frame", {}});
  } else {
    auto frame = decode_client_json(data);
    if (auto* error = std::get_if<ApiError>(&frame)) send(ErrorFrame{error->code, error->message, {}});
    else guarded([&] { on_frame(std::get<ClientFrame>(std::move(frame))); });
  }
  if (closing_) return;
  if (queue_.size() >= queue_limit) {
    read_paused_ = true;
    ws_metrics().paused.inc();
  } else {
    do_read();
  }
}


void WebsocketSession::on_frame(ClientFrame frame) {
  if (auto* hello = std::get_if<Hello>(&frame)) return on_hello(*hello);
  if (session_id_.empty()) {
    send(ErrorFrame{"hello_first", "send a hello frame first", {}});
    close(websocket::close_code::policy_error, "hello first");
    return;
  }
  on_send(std::get<SendText>(frame));
}

void WebsocketSession::on_hello(const Hello& hello) {
  if (!session_id_.empty()) {
    send(ErrorFrame{"already_joined", "this connection already follows a session", {}});
    return;
  }
  std::optional<SessionRecord> session = plan_.session;
  if (!session) session = service_.session_for_token(hello.token);
  bool valid = session && (hello.session_id.empty() || hello.session_id == session->id);
  if (!valid) {
    send(ErrorFrame{"invalid_token", "the session id and token do not match", {}});
    close(websocket::close_code::policy_error, "invalid token");
    return;
  }
  hello_deadline_.cancel();
  session_id_ = session->id;
  last_sent_seq_ = hello.after_seq;
  const AgentConfig* agent = service_.agents().find_by_phone(session->agent_phone);
  send(Welcome{session->id, session->code, session->state, agent ? agent->name : std::string(), session->last_seq});
  stream_backlog();
}

// Sends the log after last_sent_seq_ a page at a time, as the queue drains;
// when caught up, subscribes for live frames. The last read and the
// subscription happen in one handler, so nothing committed in between is
// missed, and frames already sent are skipped by sequence number.
void WebsocketSession::stream_backlog() {
  while (!backlog_done_ && queue_.size() < queue_limit / 2) {
    auto page = service_.reader().messages().log_after(session_id_, last_sent_seq_, queue_limit / 2);
    for (const auto& entry : page) {
      std::visit([this](const auto& e) { send(e); }, entry);
    }
    if (page.size() < queue_limit / 2) {
      backlog_done_ = true;
      service_.hub().subscribe(session_id_, shared_from_this());
      if (auto session = service_.reader().sessions().find(session_id_)) {
        const AgentConfig* agent = service_.agents().find_by_phone(session->agent_phone);
        send(StateChange{session->state, agent ? agent->name : std::string()});
        if (session->state == SessionState::waiting) {
          if (auto position = service_.queue_position(session_id_)) send(*position);
        }
        // What may have changed while this tab was away.
        send(service_.availability_frame());
      }
    }
  }
}

void WebsocketSession::on_send(const SendText& request) {
  if (!is_valid_client_id(request.cid)) {
    send(ErrorFrame{"invalid_cid", "cid must be 1-64 characters of A-Z a-z 0-9 _ -", request.cid});
    return;
  }
  if (auto problem = check_message_text(request.text, limits::message_text_chars)) {
    send(ErrorFrame{std::string(error_code(*problem)), std::string(describe(*problem)), request.cid});
    return;
  }
  if (pending_sends_ >= max_pending_sends) {
    send(ErrorFrame{"too_many_pending", "wait for acknowledgements before sending more", request.cid});
    return;
  }
  ++pending_sends_;
  service_.post_visitor_message(
      session_id_, request.cid, request.text, [self = shared_from_this(), cid = request.cid](Outcome<PostedMessage> r) {
        --self->pending_sends_;
        if (auto* error = std::get_if<ApiError>(&r)) {
          self->send(ErrorFrame{error->code, error->message, cid});
          return;
        }
        const auto& posted = std::get<PostedMessage>(r).message;
        self->send(Ack{cid, posted.id, posted.seq});
      });
}

void WebsocketSession::deliver(const SharedFrame& frame) {
  if (closing_ || !backlog_done_) return;
  if (frame->seq() != 0) {
    if (frame->seq() <= last_sent_seq_) return;
    last_sent_seq_ = frame->seq();
  }
  if (queue_.size() >= queue_limit) {
    ws_metrics().slow.inc();
    log::info("slow tab disconnected", {{"queued", queue_.size()}});
    close(websocket::close_code::try_again_later, "too slow; reconnect and resume");
    return;
  }
  enqueue(plan_.binary ? frame->binary() : frame->json());
}

void WebsocketSession::send(const ServerFrame& frame) {
  std::uint64_t seq = 0;
  if (const auto* m = std::get_if<Message>(&frame)) seq = m->seq;
  if (const auto* s = std::get_if<StatusChange>(&frame)) seq = s->seq;
  if (seq != 0) last_sent_seq_ = std::max(last_sent_seq_, seq);
  enqueue(std::make_shared<const std::string>(plan_.binary ? encode_binary(frame) : encode_json(frame)));
}

void WebsocketSession::enqueue(const std::shared_ptr<const std::string>& buffer) {
  if (closing_) return;
  queue_.push_back(buffer);
  if (!writing_) do_write();
}

void WebsocketSession::do_write() {
  writing_ = true;
  ws_.async_write(net::buffer(*queue_.front()),
                  beast::bind_front_handler(&WebsocketSession::on_write, shared_from_this()));
}

void WebsocketSession::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  if (ec) {
    queue_.clear();
    return;
  }
  ws_metrics().frames.inc();
  queue_.pop_front();
  if (!session_id_.empty() && !backlog_done_ && !closing_) guarded([this] { stream_backlog(); });
  if (!queue_.empty() && !closing_) do_write();
  if (read_paused_ && !closing_ && queue_.size() < queue_limit / 2) {
    read_paused_ = false;
    do_read();
  }
}

void WebsocketSession::close(websocket::close_code code, std::string_view reason) {
  if (closing_) return;
  closing_ = true;
  // The frame being written stays alive until its write completes; Beast
  // sends the close frame after it.
  queue_.erase(writing_ ? std::next(queue_.begin()) : queue_.begin(), queue_.end());
  if (!session_id_.empty()) service_.hub().unsubscribe(session_id_, this);
  hello_deadline_.cancel();
  ws_.async_close(websocket::close_reason(code, std::string(reason)),
                  [self = shared_from_this()](beast::error_code) {});
}

void WebsocketSession::close_going_away() { close(websocket::close_code::going_away, "relay shutting down"); }

}  // namespace baton
