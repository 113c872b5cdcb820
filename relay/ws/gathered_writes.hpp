#pragma once
// The layer between a live stream's WebSocket and its socket that gathers
// writes. Beast writes one message at a time and waits for it; in a burst
// (one chat with many tabs, a backlog after a reconnect) each frame became
// one sendmsg. Here a write is taken into a buffer at once, and everything
// taken while the previous send was out leaves in one send: one system call
// for all the frames that queued meanwhile (docs/benchmarks.md, fan-out).
//
// What is taken is bounded (`max_unsent_writes`, `max_unsent_bytes`): past
// that, a write completes only when the socket has taken what came before,
// as without this layer, so a slow tab still backs up into the session's
// own queue and its limits. `unsent_writes()` counts the writes taken but
// not yet on the socket, for those limits.
//
// Order is kept: handshake, frames, pings and the close frame all pass
// through the same buffer. A send that fails closes the socket, so the
// pending read fails too and the session ends; later writes get the error.
//
// The state behind the buffers exists only while something is taken and
// not yet sent: an idle tab's layer is its socket and one null pointer
// (docs/benchmarks.md, memory per idle stream).

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/associator.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace baton {

// A read's completion that adds what was read to a count first. The count
// lives in the layer, which Beast's stream state holds as long as a read of
// its own is pending.
template <class Handler>
struct Counted {
  Handler handler;
  std::uint64_t* count;
  void operator()(boost::beast::error_code ec, std::size_t bytes) {
    *count += bytes;
    std::move(handler)(ec, bytes);
  }
};

template <class NextLayer>
class GatheredWrites {
 public:
  using executor_type = typename NextLayer::executor_type;
  using next_layer_type = NextLayer;
  using Completion = boost::asio::any_completion_handler<void(boost::beast::error_code, std::size_t)>;
  using Drained = boost::asio::any_completion_handler<void(boost::beast::error_code)>;

  // Below the session's backlog page and half its queue limit, so that
  // whenever the session's own queue is empty, its conditions on what is
  // waiting were last checked with everything this layer holds counted.
  static constexpr std::size_t max_unsent_writes = 31;
  static constexpr std::size_t max_unsent_bytes = 64 * 1024;

  explicit GatheredWrites(NextLayer next) : next_(std::move(next)) {}
  GatheredWrites(GatheredWrites&& other) noexcept : next_(std::move(other.next_)), state_(std::move(other.state_)) {
    if (state_) state_->owner = this;
  }
  GatheredWrites& operator=(GatheredWrites&&) = delete;
  GatheredWrites(const GatheredWrites&) = delete;
  GatheredWrites& operator=(const GatheredWrites&) = delete;
  ~GatheredWrites() {
    // A send still out finishes (or is cancelled) without its owner.
    if (state_) state_->owner = nullptr;
  }

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }

  // Writes taken and not yet handed to the socket (or still on their way).
  std::size_t unsent_writes() const { return state_ ? state_->gathered_writes + state_->sending_writes : 0; }
  // Memory the buffers hold: none once everything taken is sent.
  std::size_t buffered_capacity() const {
    return state_ ? state_->gathered.capacity() + state_->sending.capacity() : 0;
  }
  // Whether the state behind the buffers is held (tests).
  bool holds_state() const { return state_ != nullptr; }

  // Takes `data` at once when it fits within the limits, with no
  // completion to wait for: the live stream's own frames, written below
  // Beast. False when it does not fit (or the layer has failed); the
  // caller then writes it with async_write_some, which waits.
  bool try_take(boost::asio::const_buffer data) {
    auto& state = this->state();
    if (state.failed || !state.held.empty()) return false;
    if (state.gathered_writes + state.sending_writes + 1 > max_unsent_writes ||
        state.gathered.size() + data.size() > max_unsent_bytes) {
      return false;
    }
    state.gathered.append(static_cast<const char*>(data.data()), data.size());
    ++state.gathered_writes;
    settle_later(state_);
    return true;
  }

  // Reads pass through, counted: the live stream compares the count with
  // the frames Beast has handed over, to know when Beast holds no unread
  // bytes and the tab may wait without a read of Beast's (websocket_session.hpp).
  template <class MutableBufferSequence, class ReadHandler>
  auto async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
    return boost::asio::async_initiate<ReadHandler, void(boost::beast::error_code, std::size_t)>(
        [this](auto done, const MutableBufferSequence& into) {
          next_.async_read_some(into, Counted<std::decay_t<decltype(done)>>{std::move(done), &delivered_});
        },
        handler, buffers);
  }
  // Bytes read from the socket and handed to the layer above, in all.
  std::uint64_t delivered() const { return delivered_; }

  template <class ConstBufferSequence, class WriteHandler>
  auto async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
    return boost::asio::async_initiate<WriteHandler, void(boost::beast::error_code, std::size_t)>(
        [this](auto done, const ConstBufferSequence& data) { this->take(data, std::move(done)); }, handler, buffers);
  }

  // Keeps `owner` (whoever owns this layer) alive until everything taken
  // is on the socket or the socket failed: a write in flight uses the
  // socket, which must outlive it. Nothing to send, nothing kept.
  void keep_while_sending(std::shared_ptr<const void> owner) {
    if (!state_ || state_->failed || !sending(*state_)) return;
    state_->keep = std::move(owner);
  }

  // Completes once everything taken is on the socket (or the socket failed).
  template <class Handler>
  void async_drain(Handler&& handler) {
    if (!state_ || !sending(*state_)) {
      auto failed = state_ ? state_->failed : boost::beast::error_code();
      boost::asio::post(get_executor(), boost::beast::bind_front_handler(std::forward<Handler>(handler), failed));
      return;
    }
    state_->drained.emplace(std::forward<Handler>(handler));
  }

 private:
  struct State {
    GatheredWrites* owner = nullptr;
    std::string gathered;  // taken, waiting for the send in flight
    std::string sending;   // the send in flight
    std::size_t gathered_writes = 0;
    std::size_t sending_writes = 0;
    bool sending_now = false;
    bool settling = false;           // a settle() is posted
    std::size_t settled_writes = 0;  // gathered_writes when it was posted
    boost::beast::error_code failed;
    // Writes taken past the bounds: each completes with the next send. The
    // live stream's own frame and Beast's control frame may both wait.
    std::vector<std::pair<Completion, std::size_t>> held;
    std::optional<Drained> drained;
    // Whoever owns the stream, kept alive until what is taken is sent: the
    // socket must outlive the write on it (keep_while_sending).
    std::shared_ptr<const void> keep;
  };

  // Something taken is being sent, or waits for its send (a settle() is
  // posted only while something is gathered).
  static bool sending(const State& state) { return state.sending_now || state.settling || !state.gathered.empty(); }

  State& state() {
    if (!state_) {
      state_ = std::make_shared<State>();
      state_->owner = this;
    }
    return *state_;
  }

  // Lets the state go once nothing is taken, sent, waiting or failed. A
  // completion already posted holds its own reference.
  static void release_if_idle(const std::shared_ptr<State>& state) {
    if (!state->owner || state->owner->state_ != state) return;
    if (sending(*state) || !state->held.empty() || state->drained || state->failed) return;
    state->owner->state_.reset();
  }

  template <class ConstBufferSequence, class Handler>
  void take(const ConstBufferSequence& data, Handler done) {
    auto& state = this->state();
    auto size = boost::asio::buffer_size(data);
    if (state.failed) {
      boost::asio::post(get_executor(), boost::beast::bind_front_handler(std::move(done), state.failed, 0));
      return;
    }
    auto at = state.gathered.size();
    state.gathered.resize(at + size);
    boost::asio::buffer_copy(boost::asio::buffer(state.gathered.data() + at, size), data);
    ++state.gathered_writes;
    bool over = state.gathered_writes + state.sending_writes > max_unsent_writes ||
                state.gathered.size() > max_unsent_bytes;
    if (!over) {
      boost::asio::post(get_executor(),
                        boost::beast::bind_front_handler(std::move(done), boost::beast::error_code(), size));
      return settle_later(state_);
    }
    state.held.emplace_back(Completion(std::move(done)), size);
    if (!state.sending_now) send(state_);
  }

  // The session hands Beast one frame per turn of the event loop: the send
  // waits while each turn adds to what is gathered, and goes once a turn
  // adds nothing (the queue has drained) or the bounds hold a write back.
  static void settle_later(const std::shared_ptr<State>& state) {
    if (state->settling || state->sending_now) return;
    state->settling = true;
    state->settled_writes = state->gathered_writes;
    boost::asio::post(state->owner->get_executor(), [state] { settle(state); });
  }

  static void settle(const std::shared_ptr<State>& state) {
    state->settling = false;
    if (!state->owner || state->sending_now) return;
    bool growing = state->gathered_writes != state->settled_writes;
    if (growing && state->held.empty() && !state->drained) return settle_later(state);
    send(state);
    let_go_when_done(state);
  }

  // Lets the owner go once nothing is being sent or waits to be. Last in
  // its callers: the owner, and this layer with it, may be gone after it.
  static void let_go_when_done(const std::shared_ptr<State>& state) {
    if (sending(*state)) return;
    auto keep = std::move(state->keep);
  }

  static void send(const std::shared_ptr<State>& state) {
    if (state->sending_now || state->gathered.empty() || state->failed) return;
    state->sending.swap(state->gathered);
    state->sending_writes = state->gathered_writes;
    state->gathered_writes = 0;
    state->sending_now = true;
    auto buffer = boost::asio::buffer(state->sending);
    boost::asio::async_write(state->owner->next_, buffer,
                             [state](boost::beast::error_code ec, std::size_t) { sent(state, ec); });
  }

  static void sent(const std::shared_ptr<State>& state, boost::beast::error_code ec) {
    state->sending_now = false;
    state->sending_writes = 0;
    // An idle tab keeps no buffer. (Assigning an empty string would keep
    // the capacity: libstdc++ moves a short string by copying it.)
    std::string().swap(state->sending);
    if (!state->owner) {
      // The stream is gone, and with it whoever waited.
      state->held.clear();
      state->drained.reset();
      return;
    }
    if (ec) {
      state->failed = ec;
      std::string().swap(state->gathered);
      state->gathered_writes = 0;
      boost::beast::close_socket(boost::beast::get_lowest_layer(state->owner->next_));
    }
    auto held = std::move(state->held);
    state->held.clear();
    for (auto& [done, size] : held) {
      boost::asio::post(state->owner->get_executor(),
                        [done = std::move(done), ec, size = ec ? 0 : size]() mutable { std::move(done)(ec, size); });
    }
    if (!state->gathered.empty()) return settle_later(state);
    if (state->drained) {
      auto drained = std::move(*state->drained);
      state->drained.reset();
      std::move(drained)(state->failed);
    }
    release_if_idle(state);
    let_go_when_done(state);
  }

  NextLayer next_;
  std::shared_ptr<State> state_;
  std::uint64_t delivered_ = 0;
};

// Found by Beast through argument-dependent lookup: the closing handshake
// ends by tearing down the layer below, after everything taken is sent.
template <class NextLayer>
void teardown(boost::beast::role_type role, GatheredWrites<NextLayer>& stream, boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, GatheredWrites<NextLayer>& stream, TeardownHandler&& handler) {
  stream.async_drain([role, &next = stream.next_layer(),
                      handler = std::forward<TeardownHandler>(handler)](boost::beast::error_code) mutable {
    using boost::beast::websocket::async_teardown;
    async_teardown(role, next, std::move(handler));
  });
}

}  // namespace baton

// The counted completion runs where, and allocates as, the one it wraps.
template <template <class, class> class Associator, class Handler, class DefaultCandidate>
struct boost::asio::associator<Associator, baton::Counted<Handler>, DefaultCandidate>
    : Associator<Handler, DefaultCandidate> {
  static typename Associator<Handler, DefaultCandidate>::type get(const baton::Counted<Handler>& h) noexcept {
    return Associator<Handler, DefaultCandidate>::get(h.handler);
  }
  static auto get(const baton::Counted<Handler>& h, const DefaultCandidate& c) noexcept
      -> decltype(Associator<Handler, DefaultCandidate>::get(h.handler, c)) {
    return Associator<Handler, DefaultCandidate>::get(h.handler, c);
  }
};
