#include "relay/ws/admin_stream.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "relay/conversation/message_trace.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/core/net.hpp"
#include "relay/ws/admin_snapshot.hpp"

namespace baton {
namespace {

metrics::Gauge& open_consoles() {
  static auto& g = metrics::registry().gauge("baton_admin_streams_open", "Consoles connected to /v1/admin/ws");
  return g;
}

metrics::Counter& dropped_consoles() {
  static auto& c = metrics::registry().counter("baton_admin_streams_dropped_total",
                                               "Consoles closed for falling behind");
  return c;
}

// Requests after the hello are small; the largest is a text written as a
// WhatsApp user (4,096 characters, up to 4 bytes each).
constexpr std::size_t request_bytes = 24 * 1024;

std::string text_field(const boost::json::object& frame, const char* key) {
  const auto* value = frame.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

AdminStream::AdminStream(beast::tcp_stream stream, ConversationService& service, AdminActions& actions,
                         AdminStreamKept kept, crypto::Digest token_hash, std::string client,
                         std::shared_ptr<const void> hold)
    : ws_(std::move(stream)),
      service_(service),
      actions_(actions),
      kept_(kept),
      token_hash_(token_hash),
      client_(std::move(client)),
      hold_(std::move(hold)),
      wake_(ws_.get_executor()) {
  open_consoles().add(1);
}

AdminStream::~AdminStream() { open_consoles().add(-1); }

void AdminStream::start(Request request) {
  beast::get_lowest_layer(ws_).expires_never();
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(request_bytes);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& response) { response.set(http::field::server, "baton"); }));
  net::co_spawn(ws_.get_executor(), run(std::move(request)), [self = shared_from_this()](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      log::warn("admin stream ended by an error", {{"error", e.what()}});
    }
  });
}

net::awaitable<void> AdminStream::run(Request request) {
  auto self = shared_from_this();
  beast::error_code ec;
  co_await ws_.async_accept(request, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return;
  if (!co_await authenticate()) {
    co_await write_lines();  // only the close
    co_return;
  }
  // Subscribed before the snapshot is read: what happens meanwhile waits
  // behind it, and the console applies both (events are idempotent).
  admin_feed().subscribe(self);
  subscribed_ = true;
  read_admin_snapshot(service_, [this, self](Outcome<boost::json::object> snapshot) {
    if (auto* error = std::get_if<Refusal>(&snapshot)) {
      close_after(websocket::close_code::internal_error, error->sentence);
      return;
    }
    queue_.push_front(std::make_shared<const std::string>(json::serialize(std::get<json::object>(snapshot))));
    snapshot_sent_ = true;
    wake_writer();
  });
  net::co_spawn(ws_.get_executor(), read_requests(), net::detached);
  co_await write_lines();
  admin_feed().unsubscribe(this);
}

net::awaitable<bool> AdminStream::authenticate() {
  // A silent client is cut off: the hello has a deadline.
  net::steady_timer deadline(ws_.get_executor(), hello_timeout);
  deadline.async_wait([this, weak = weak_from_this()](beast::error_code ec) {
    if (auto self = weak.lock(); self && !ec) beast::get_lowest_layer(ws_).socket().close();
  });
  beast::flat_buffer buffer;
  beast::error_code ec;
  co_await ws_.async_read(buffer, net::redirect_error(net::use_awaitable, ec));
  deadline.cancel();
  if (ec) {
    done_ = true;
    co_return false;
  }
  auto now = service_.clock().now_ms();
  if (auto locked = service_.limits().admin_attempt(client_, now)) {
    close_after(websocket::close_code::try_again_later, locked->sentence);
    co_return false;
  }
  auto parsed = json::parse(beast::buffers_to_string(buffer.data()), ec);
  std::string token;
  if (!ec && parsed.is_object() && text_field(parsed.get_object(), "type") == "hello") {
    token = text_field(parsed.get_object(), "token");
  }
  if (token.empty() || !crypto::equal(crypto::sha256(token), token_hash_)) {
    net::steady_timer wait(ws_.get_executor(), service_.limits().admin_failed(client_, now));
    co_await wait.async_wait(net::redirect_error(net::use_awaitable, ec));
    close_after(websocket::close_code::policy_error, "invalid admin token");
    co_return false;
  }
  log::info("console connected", {{"client", client_}});
  co_return true;
}

net::awaitable<void> AdminStream::read_requests() {
  auto self = shared_from_this();
  beast::flat_buffer buffer;
  for (;;) {
    beast::error_code ec;
    buffer.clear();
    co_await ws_.async_read(buffer, net::redirect_error(net::use_awaitable, ec));
    if (ec) break;
    auto parsed = json::parse(beast::buffers_to_string(buffer.data()), ec);
    if (ec || !parsed.is_object()) {
      push_json({{"type", "error"}, {"code", "invalid_json"}, {"message", "each request is one JSON object"}});
      continue;
    }
    answer(parsed.get_object());
  }
  // The socket is gone (or closed by the writer): the writer stops too.
  done_ = true;
  wake_writer();
}

void AdminStream::answer(const json::object& request) {
  auto type = text_field(request, "type");
  auto self = shared_from_this();
  if (type == "transcript") {
    auto session_id = text_field(request, "session");
    service_.read<std::vector<Message>>(
        [session_id](StoreTx& tx) { return tx.messages().after(session_id, 0, 1000); },
        [this, self, session_id](Outcome<std::vector<Message>> read) {
          json::array messages;
          if (auto* list = std::get_if<std::vector<Message>>(&read)) {
            for (const auto& m : *list) {
              messages.push_back(json::object{{"seq", m.seq},
                                              {"id", m.id},
                                              {"author", to_string(m.author)},
                                              {"name", m.author_name},
                                              {"kind", to_string(m.kind)},
                                              {"text", m.text},
                                              {"status", to_string(m.status)},
                                              {"t", m.ts_ms}});
            }
          }
          push_json({{"type", "transcript"}, {"session", session_id}, {"messages", std::move(messages)}});
        });
    return;
  }
  if (type == "trace") {
    trace_message(service_, text_field(request, "id"), [this, self](Outcome<json::object> traced) {
      if (auto* error = std::get_if<Refusal>(&traced)) {
        push_json({{"type", "error"}, {"code", error->code}, {"message", error->sentence}});
        return;
      }
      auto& answer = std::get<json::object>(traced);
      answer["type"] = "trace";
      push_json(answer);
    });
    return;
  }
  if (type == "action") {
    // The answer says how it went; every console sees the audit entry too.
    net::co_spawn(
        ws_.get_executor(),
        [this, self, request]() -> net::awaitable<void> {
          auto answer = co_await actions_.perform(request, "console@" + client_);
          answer.body["type"] = "action_result";
          answer.body["status"] = answer.status;
          answer.body["request"] = text_field(request, "request");
          push_json(answer.body);
        },
        net::detached);
    return;
  }
  if (type == "faults") {
    net::co_spawn(
        ws_.get_executor(),
        [this, self]() -> net::awaitable<void> {
          auto answer = co_await actions_.simulator_faults();
          answer.body["type"] = "faults";
          push_json(answer.body);
        },
        net::detached);
    return;
  }
  if (type == "body") {
    // {"of":"webhook"|"graph","id":N}: a kept body, masked.
    auto of = text_field(request, "of");
    auto id = text_field(request, "id");
    const auto& bodies = of == "graph" ? kept_.graph_calls : kept_.webhooks;
    const auto* kept = bodies.find(std::string_view(id));
    if ((of != "graph" && of != "webhook") || !kept) {
      push_json({{"type", "error"}, {"code", "not_kept"}, {"message", of + " " + id + " is not kept any more"}});
      return;
    }
    push_json({{"type", "body"}, {"of", of}, {"id", id}, {"masked", masked_json(kept->body)}});
    return;
  }
  push_json({{"type", "error"},
             {"code", "unknown_request"},
             {"message", "ask for a transcript, a trace, a body, the faults, or an action"}});
}

void AdminStream::on_feed(const FeedLine& line) { push(line); }

void AdminStream::push(FeedLine line) {
  if (done_ || closing_) return;
  if (queue_.size() >= queue_limit) {
    // Behind by more than the limit: a fresh snapshot is cheaper than the
    // backlog, and the relay must not hold it.
    dropped_consoles().inc();
    queue_.clear();
    close_after(websocket::close_code::try_again_later, "console too slow; reconnect for a fresh snapshot");
    return;
  }
  queue_.push_back(std::move(line));
  wake_writer();
}

void AdminStream::push_json(const json::object& frame) {
  push(std::make_shared<const std::string>(json::serialize(frame)));
}

void AdminStream::wake_writer() { wake_.cancel(); }

void AdminStream::close_after(websocket::close_code code, std::string reason) {
  if (closing_) return;
  closing_ = websocket::close_reason(code, reason);
  if (subscribed_) {
    admin_feed().unsubscribe(this);
    subscribed_ = false;
  }
  wake_writer();
}

void AdminStream::close_going_away() { close_after(websocket::close_code::going_away, "relay stopping"); }

net::awaitable<void> AdminStream::write_lines() {
  auto self = shared_from_this();
  for (;;) {
    if (done_) co_return;
    bool ready = snapshot_sent_ && !queue_.empty();
    if (!ready && closing_) {
      beast::error_code ec;
      co_await ws_.async_close(*closing_, net::redirect_error(net::use_awaitable, ec));
      done_ = true;
      co_return;
    }
    if (!ready) {
      wake_.expires_at(net::steady_timer::time_point::max());
      beast::error_code ec;
      co_await wake_.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    auto line = std::move(queue_.front());
    queue_.pop_front();
    beast::error_code ec;
    ws_.text(true);
    co_await ws_.async_write(net::buffer(*line), net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      done_ = true;
      co_return;
    }
  }
}

}  // namespace baton
