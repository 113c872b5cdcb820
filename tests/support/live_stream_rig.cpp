#include "tests/support/live_stream_rig.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <stdexcept>

#include "relay/assistant/faq_assistant.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/http/cors.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/local_hub.hpp"
#include "relay/ws/live_stream_upgrades.hpp"
#include "relay/ws/websocket_session_impl.hpp"
#include "tests/support/inline_store.hpp"
#include "tests/support/seeded_random.hpp"
#include "tests/support/temp_dir.hpp"

namespace baton {
// The relay's live-stream session over the rig's in-memory transport.
template class BasicWebsocketSession<test::ThrottledStream>;
}  // namespace baton

namespace baton::test {
namespace {

using RigWebsocketSession = BasicWebsocketSession<ThrottledStream>;

// The relay's side of a connection until the upgrade request has been read.
struct Upgrade {
  explicit Upgrade(boost::beast::test::stream s) : stream(std::move(s)) {}
  boost::beast::test::stream stream;
  boost::beast::flat_buffer buffer;
  Request request;
};

}  // namespace

// ---------------------------------------------------------------- RigTab

RigTab::RigTab(boost::beast::test::stream stream, bool binary, std::shared_ptr<WriteWindow> window)
    : ws_(std::move(stream)), binary_(binary), window_(std::move(window)) {}

void RigTab::handshake(const std::vector<std::string>& protocols) {
  std::string offered;
  for (const auto& p : protocols) offered += (offered.empty() ? "" : ", ") + p;
  ws_.set_option(websocket::stream_base::decorator(
      [offered](websocket::request_type& request) { request.set(http::field::sec_websocket_protocol, offered); }));
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::ping) ++pings_;
    if (kind == websocket::frame_type::pong) ++pongs_;
  });
  ws_.async_handshake("relay.test", "/v1/ws", [self = shared_from_this()](beast::error_code ec) {
    if (ec) {
      self->closed_ = true;
      return;
    }
    self->open_ = true;
    self->read_next();
    self->write_next();
    self->control_next();
  });
}

void RigTab::hello(const std::string& session_id, const std::string& token, std::uint64_t after) {
  send_frame(bench::hello_frame(binary_, session_id, token, after), !binary_);
}

void RigTab::say(const std::string& cid, const std::string& text) {
  send_frame(bench::message_frame(binary_, cid, text), !binary_);
}

void RigTab::send_frame(std::string bytes, bool text) {
  queue({text ? Outgoing::Kind::text : Outgoing::Kind::binary, std::move(bytes)});
}

void RigTab::ping(std::string payload) { queue({Outgoing::Kind::ping, std::move(payload)}); }

void RigTab::pong(std::string payload) { queue({Outgoing::Kind::pong, std::move(payload)}); }

void RigTab::close() { queue({Outgoing::Kind::close, {}}); }

void RigTab::vanish() {
  if (gone_) return;
  gone_ = true;
  window_->break_connection();
  ws_.next_layer().close();
}

void RigTab::queue(Outgoing out) {
  if (gone_) return;
  bool control = out.kind == Outgoing::Kind::ping || out.kind == Outgoing::Kind::pong ||
                 out.kind == Outgoing::Kind::close;
  // Control payloads are at most 125 bytes (RFC 6455).
  if (control && out.bytes.size() > 125) out.bytes.resize(125);
  (control ? controls_ : writes_).push_back(std::move(out));
  write_next();
  control_next();
}

void RigTab::write_next() {
  if (writing_ || !open_ || gone_ || writes_.empty()) return;
  writing_ = true;
  ws_.text(writes_.front().kind == Outgoing::Kind::text);
  ws_.async_write(net::buffer(writes_.front().bytes), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->writing_ = false;
    self->writes_.pop_front();
    if (!ec) self->write_next();
  });
}

void RigTab::control_next() {
  if (controlling_ || !open_ || gone_ || controls_.empty()) return;
  controlling_ = true;
  auto done = [self = shared_from_this()](beast::error_code ec) {
    self->controlling_ = false;
    self->controls_.pop_front();
    if (!ec) self->control_next();
  };
  const auto& next = controls_.front();
  // Once the relay's close has come and been answered (Beast's read does
  // that), the tab's own close would be a second one, which Beast asserts
  // against: as a browser, the tab is simply closed.
  if (next.kind == Outgoing::Kind::close && !ws_.is_open()) {
    controlling_ = false;
    controls_.pop_front();
    return control_next();
  }
  websocket::ping_data payload(next.bytes.data(), next.bytes.size());
  if (next.kind == Outgoing::Kind::ping) ws_.async_ping(payload, done);
  else if (next.kind == Outgoing::Kind::pong) ws_.async_pong(payload, done);
  else ws_.async_close(websocket::close_code::normal, done);
}

void RigTab::read_next() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) {
      self->closed_ = true;
      self->close_code_ = self->ws_.reason().code;
      return;
    }
    auto seen = bench::summarize_frame(beast::buffers_to_string(self->buffer_.data()), self->binary_);
    self->buffer_.consume(self->buffer_.size());
    if (seen.type == "message" || seen.type == "status") {
      if (seen.seq <= self->last_seq_) self->out_of_order_ = true;
      self->last_seq_ = std::max(self->last_seq_, seen.seq);
      ++self->entries_[seen.seq];
    }
    self->frames_.push_back(std::move(seen));
    self->read_next();
  });
}

bool RigTab::has_exactly(std::uint64_t after, std::uint64_t last) const {
  if (last < after || entries_.size() != last - after) return false;
  for (auto seq = after + 1; seq <= last; ++seq) {
    auto it = entries_.find(seq);
    if (it == entries_.end() || it->second != 1) return false;
  }
  return true;
}

bool RigTab::has_at_most_once() const {
  return std::all_of(entries_.begin(), entries_.end(), [](const auto& entry) { return entry.second == 1; });
}

std::size_t RigTab::count(const std::string& type) const {
  return static_cast<std::size_t>(
      std::count_if(frames_.begin(), frames_.end(), [&](const FrameSummary& f) { return f.type == type; }));
}

// ---------------------------------------------------------- LiveStreamRig

struct LiveStreamRig::Parts {
  Parts(boost::asio::io_context& io, bool durable, Config c)
      : config(std::move(c)),
        // Not durable: in memory, for the fuzzer's thousands of commits a second.
        store(durable ? dir / "baton.db" : std::filesystem::path(":memory:"), io.get_executor(), durable),
        assistant(FaqAssistant::Settings{"Assistant", {}}, {}),
        service(config, store, hub, assistant, random, clock) {}

  Config config;
  TempDir dir;
  InlineStore store;
  LocalHub hub;
  FaqAssistant assistant;
  SeededRandom random;
  SystemClock clock;
  ConversationService service;
  Cors cors{{}, ""};
  std::vector<std::weak_ptr<RigTab>> tabs;
  std::vector<std::weak_ptr<RigWebsocketSession>> sessions;
};

LiveStreamRig::LiveStreamRig(bool durable, Config config)
    : io_(std::make_unique<boost::asio::io_context>(1)),
      parts_(std::make_unique<Parts>(*io_, durable, std::move(config))) {}

LiveStreamRig::~LiveStreamRig() {
  // Every connection ends and every handler runs while the service is still
  // there: sessions unsubscribe from its hub as they go.
  for (auto& weak : parts_->tabs) {
    if (auto tab = weak.lock()) tab->vanish();
  }
  for (auto& window : windows_) window->break_connection();
  settle();
  // The windows' timers belong to the event loop: they go before it does.
  windows_.clear();
  io_.reset();
}

ConversationService& LiveStreamRig::service() { return parts_->service; }

RigSession LiveStreamRig::open_session(std::size_t entries) {
  std::optional<Outcome<CreatedSession>> created;
  service().create_session(VisitorContext{}, "", [&](Outcome<CreatedSession> r) { created = std::move(r); });
  settle();
  if (!created || !std::holds_alternative<CreatedSession>(*created)) throw std::runtime_error("rig: no session");
  const auto& session = std::get<CreatedSession>(*created);
  RigSession out{session.session.id, session.token};
  while (last_seq(out.id) < entries) {
    append(out.id, "backlog " + std::to_string(last_seq(out.id) + 1));
    settle();
  }
  return out;
}

void LiveStreamRig::append(const std::string& session_id, const std::string& text) {
  service().run<Message>(
      [session_id, text](SessionLog& log) {
        Message draft;
        draft.author = Author::agent;
        draft.author_name = "Ana";
        draft.text = text;
        return log.append(session_id, std::move(draft));
      },
      [](Outcome<Message>) {});
}

void LiveStreamRig::mark_newest_read(const std::string& session_id) {
  service().run<bool>(
      [session_id](SessionLog& log) {
        auto newest = log.tx().messages().latest(session_id, 1);
        if (!newest.empty()) log.advance_status(session_id, newest.back().id, MessageStatus::read);
        return true;
      },
      [](Outcome<bool>) {});
}

std::uint64_t LiveStreamRig::last_seq(const std::string& session_id) {
  auto session = parts_->store.reader().sessions().find(session_id);
  return session ? session->last_seq : 0;
}

void LiveStreamRig::keep_alive_round() {
  for (auto& weak : parts_->sessions) {
    if (auto session = weak.lock()) session->keep_alive();
  }
}

std::size_t LiveStreamRig::live_sessions() {
  std::erase_if(parts_->sessions, [](const auto& weak) { return weak.expired(); });
  return parts_->sessions.size();
}

std::optional<unsigned> LiveStreamRig::upgrade_after_stop(const RigSession& s) {
  namespace net = boost::asio;
  LiveStreamUpgrades upgrades(service(), parts_->cors);
  upgrades.stop();
  net::ip::tcp::acceptor acceptor(*io_, {net::ip::make_address("127.0.0.1"), 0});
  net::ip::tcp::socket tab(*io_);
  tab.connect(acceptor.local_endpoint());
  beast::tcp_stream relay_end(acceptor.accept());
  Request request{http::verb::get, "/v1/ws", 11};
  request.set(http::field::host, "relay.test");
  request.set(http::field::upgrade, "websocket");
  request.set(http::field::connection, "Upgrade");
  request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  request.set(http::field::sec_websocket_version, "13");
  request.set(http::field::sec_websocket_protocol, "baton.v1.json, baton.auth." + s.token);
  // take() keeps references to the request, the stream and the peer, as
  // the HTTP server's connection holds them.
  Peer peer{net::ip::make_address("127.0.0.1"), {}};
  std::optional<std::optional<Response>> answer;
  net::co_spawn(*io_, upgrades.take(request, relay_end, peer),
                [&answer](const std::exception_ptr& error, std::optional<Response> response) {
                  if (error) std::rethrow_exception(error);
                  answer = std::move(response);
                });
  settle();
  if (!answer) throw std::runtime_error("LiveStreamUpgrades::take did not finish");
  if (!*answer) return std::nullopt;
  return (*answer)->result_int();
}

std::shared_ptr<RigTab> LiveStreamRig::connect(bool binary, std::vector<std::string> extra_protocols) {
  boost::beast::test::stream relay_end(*io_);
  boost::beast::test::stream tab_end(*io_);
  relay_end.connect(tab_end);
  // Connections that have ended are forgotten (the fuzzer makes millions).
  std::erase_if(windows_, [this](const auto& w) {
    if (w.use_count() > 1) return false;
    past_overlaps_ += w->overlaps();
    return true;
  });
  std::erase_if(parts_->tabs, [](const auto& weak) { return weak.expired(); });
  auto window = std::make_shared<WriteWindow>(io_->get_executor());
  windows_.push_back(window);
  auto tab = std::make_shared<RigTab>(std::move(tab_end), binary, window);
  parts_->tabs.push_back(tab);
  std::vector<std::string> protocols{binary ? "baton.v1.bin" : "baton.v1.json"};
  protocols.insert(protocols.end(), extra_protocols.begin(), extra_protocols.end());
  tab->handshake(protocols);

  // The relay's side, as LiveStreamUpgrades does it: read the upgrade request, check
  // it and its token, then hand the connection to a live-stream session.
  auto upgrade = std::make_shared<Upgrade>(std::move(relay_end));
  http::async_read(
      upgrade->stream, upgrade->buffer, upgrade->request, [this, upgrade, window](beast::error_code ec, std::size_t) {
        if (ec) return;
        auto refuse = [upgrade](const ApiError& error) {
          auto response = error_response(upgrade->request, error);
          beast::error_code ignored;
          http::write(upgrade->stream, response, ignored);
          upgrade->stream.close();
        };
        auto checked = plan_websocket(upgrade->request, parts_->cors);
        if (auto* error = std::get_if<ApiError>(&checked)) return refuse(*error);
        authenticate_plan(std::get<WebsocketPlan>(std::move(checked)), service(),
                          [this, upgrade, window, refuse](std::variant<WebsocketPlan, ApiError> plan) {
                            if (auto* error = std::get_if<ApiError>(&plan)) return refuse(*error);
                            auto session = std::make_shared<RigWebsocketSession>(
                                ThrottledStream(std::move(upgrade->stream), window), service(),
                                std::get<WebsocketPlan>(std::move(plan)));
                            std::erase_if(parts_->sessions, [](const auto& weak) { return weak.expired(); });
                            parts_->sessions.push_back(session);
                            session->start(upgrade->request);
                          });
      });
  return tab;
}

std::size_t LiveStreamRig::step(std::size_t n) {
  std::size_t ran = 0;
  while (ran < n) {
    if (io_->stopped()) io_->restart();
    auto once = io_->poll_one();
    if (once == 0) break;
    ran += once;
  }
  return ran;
}

bool LiveStreamRig::settle(std::size_t limit) {
  for (std::size_t i = 0; i < limit; ++i) {
    if (step(1) == 0) return true;
  }
  return false;
}

int LiveStreamRig::overlaps() const {
  int total = past_overlaps_;
  for (const auto& window : windows_) total += window->overlaps();
  return total;
}

}  // namespace baton::test
