#pragma once
// An in-memory transport for driving a live-stream session without sockets:
// reads come from Beast's test stream (what the tab wrote), and writes
// complete only as far as the test has opened the window, the way a TCP
// connection backs up when a tab reads slowly. A tab that vanishes breaks
// the connection, and a write waiting for the window then fails.
//
// It also counts operations in flight: Beast allows one read and one write
// at a time on the layer below a WebSocket, and the counts make a second
// one visible in any build, not only where assertions are compiled in.

#include <algorithm>
#include <boost/asio/compose.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/core/role.hpp>
#include <limits>
#include <memory>

namespace baton::test {

// What the test controls about one connection.
class WriteWindow {
 public:
  static constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

  explicit WriteWindow(const boost::asio::any_io_executor& executor)
      : wake_(executor, boost::asio::steady_timer::time_point::max()) {}

  // Lets `bytes` more through (the tab read them).
  void let_through(std::size_t bytes) {
    open_ = open_ == unlimited || bytes >= unlimited - open_ ? unlimited : open_ + bytes;
    wake_.cancel();
  }
  void open_fully() { let_through(unlimited); }
  void shut() { open_ = 0; }
  // The tab is gone: writes fail from now on.
  void break_connection() {
    broken_ = true;
    wake_.cancel();
  }

  std::size_t open() const { return open_; }
  bool broken() const { return broken_; }
  // Times a second read or write was started while one was in flight.
  int overlaps() const { return overlaps_; }

 private:
  friend class ThrottledStream;
  std::size_t open_ = unlimited;
  bool broken_ = false;
  int reads_ = 0;
  int writes_ = 0;
  int overlaps_ = 0;
  boost::asio::steady_timer wake_;
};

class ThrottledStream {
 public:
  using executor_type = boost::beast::test::stream::executor_type;

  ThrottledStream(boost::beast::test::stream inner, std::shared_ptr<WriteWindow> window)
      : inner_(std::move(inner)), window_(std::move(window)) {}

  executor_type get_executor() noexcept { return inner_.get_executor(); }
  boost::beast::test::stream& inner() { return inner_; }

  // The relay's side hangs up (Beast does this after a timeout or a
  // protocol error): a write waiting for the window fails too.
  void close() {
    window_->break_connection();
    inner_.close();
  }

  template <class MutableBufferSequence, class ReadHandler>
  auto async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
    if (window_->reads_++ > 0) ++window_->overlaps_;
    return boost::asio::async_compose<ReadHandler, void(boost::beast::error_code, std::size_t)>(
        ReadOp<MutableBufferSequence>{*this, buffers}, handler, inner_);
  }

  template <class ConstBufferSequence, class WriteHandler>
  auto async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
    if (window_->writes_++ > 0) ++window_->overlaps_;
    return boost::asio::async_compose<WriteHandler, void(boost::beast::error_code, std::size_t)>(
        WriteOp<ConstBufferSequence>{*this, buffers}, handler, inner_);
  }

 private:
  template <class Buffers>
  struct ReadOp {
    ThrottledStream& stream;
    Buffers buffers;
    bool started = false;

    template <class Self>
    void operator()(Self& self, boost::beast::error_code ec = {}, std::size_t bytes = 0) {
      if (!started) {
        started = true;
        stream.inner_.async_read_some(buffers, std::move(self));
        return;
      }
      --stream.window_->reads_;
      self.complete(ec, bytes);
    }
  };

  template <class Buffers>
  struct WriteOp {
    ThrottledStream& stream;
    Buffers buffers;
    enum class Step { start, check, written } step = Step::start;

    template <class Self>
    void operator()(Self& self, boost::beast::error_code ec = {}, std::size_t bytes = 0) {
      auto& window = *stream.window_;
      switch (step) {
        case Step::start:
          // Never complete inside the initiating call.
          step = Step::check;
          boost::asio::post(stream.get_executor(), std::move(self));
          return;
        case Step::check: {
          if (window.broken_) return finish(self, boost::asio::error::connection_reset, 0);
          auto size = boost::asio::buffer_size(buffers);
          if (size > 0 && window.open_ == 0) {
            window.wake_.async_wait(std::move(self));
            return;
          }
          auto allowed = std::min(size, window.open_);
          if (window.open_ != WriteWindow::unlimited) window.open_ -= allowed;
          step = Step::written;
          stream.inner_.async_write_some(boost::beast::buffers_prefix(allowed, buffers), std::move(self));
          return;
        }
        case Step::written: return finish(self, ec, bytes);
      }
    }

    template <class Self>
    void finish(Self& self, boost::beast::error_code ec, std::size_t bytes) {
      --stream.window_->writes_;
      self.complete(ec, bytes);
    }
  };

  boost::beast::test::stream inner_;
  std::shared_ptr<WriteWindow> window_;
};

// Found by Beast through argument-dependent lookup.
inline void beast_close_socket(ThrottledStream& stream) { stream.close(); }

// The WebSocket's closing handshake ends by tearing down the layer below.
inline void teardown(boost::beast::role_type role, ThrottledStream& stream, boost::beast::error_code& ec) {
  teardown(role, stream.inner(), ec);
}

template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, ThrottledStream& stream, TeardownHandler&& handler) {
  async_teardown(role, stream.inner(), std::forward<TeardownHandler>(handler));
}

}  // namespace baton::test
