#include "tools/bench/soak_tab.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <memory>
#include <random>

#include "relay/core/net.hpp"
#include "tools/bench/live_frames.hpp"

namespace baton::bench {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// One connection. The reader and the controller (pings, the hang-up) share
// the stream; whichever finishes last frees it.
struct Connection {
  explicit Connection(const net::any_io_executor& executor) : ws(executor), wake(executor) {}
  websocket::stream<beast::tcp_stream> ws;
  net::steady_timer wake;
  bool reading = true;
  bool hung_up = false;
};

// A connection must see the log from seq 1 on, each entry once, in order.
class LogOrder {
 public:
  bool take(std::uint64_t seq) {
    if (seq != next_) return false;
    ++next_;
    return true;
  }
  std::uint64_t seen() const { return next_ - 1; }

 private:
  std::uint64_t next_ = 1;
};

milliseconds random_ms(std::mt19937& rng, int low, int high) {
  return milliseconds(std::uniform_int_distribution<int>(low, high)(rng));
}

// Connects, upgrades and says hello; false (counted) if the relay is not there.
net::awaitable<bool> open(Connection& c, const TabPlan& plan, SoakCounters& counters) {
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  auto& socket = beast::get_lowest_layer(c.ws).socket();
  socket.open(tcp::v4(), ec);
  // A slow reader's window fills quickly, so the relay's queue really backs up.
  if (plan.slow) socket.set_option(net::socket_base::receive_buffer_size(4096), ec);
  beast::get_lowest_layer(c.ws).expires_after(std::chrono::seconds(10));
  co_await beast::get_lowest_layer(c.ws).async_connect(tcp::endpoint(net::ip::make_address(plan.host), plan.port),
                                                       token);
  if (!ec) {
    c.ws.set_option(websocket::stream_base::decorator([binary = plan.binary](websocket::request_type& request) {
      request.set(beast::http::field::sec_websocket_protocol, binary ? "baton.v1.bin" : "baton.v1.json");
    }));
    co_await c.ws.async_handshake(plan.host, "/v1/ws", token);
  }
  beast::get_lowest_layer(c.ws).expires_never();
  if (!ec) {
    c.ws.binary(plan.binary);
    auto hello = hello_frame(plan.binary, plan.chat->id, plan.chat->token, 0);
    co_await c.ws.async_write(net::buffer(hello), token);
  }
  if (ec) {
    ++counters.failed_connects;
    counters.problem("chat " + plan.chat->code + ": could not connect: " + ec.message());
    co_return false;
  }
  ++counters.connections;
  c.ws.control_callback([&counters](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) ++counters.pongs;
  });
  co_return true;
}

// Pings every second or three; at `hang_up_at`, closes politely or drops
// the connection. The only one to start control frames on this connection.
net::awaitable<void> control(std::shared_ptr<Connection> c, Clock::time_point hang_up_at, bool abrupt,
                             std::uint32_t seed, SoakCounters& counters) {
  std::mt19937 rng(seed);
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  while (c->reading) {
    c->wake.expires_at(std::min(Clock::now() + random_ms(rng, 500, 3000), hang_up_at));
    co_await c->wake.async_wait(token);
    if (!c->reading) break;
    if (Clock::now() >= hang_up_at) {
      c->hung_up = true;
      if (abrupt) {
        ++counters.abrupt_closes;
        beast::get_lowest_layer(c->ws).socket().close(ec);
      } else {
        ++counters.clean_closes;
        co_await c->ws.async_close(websocket::close_code::normal, token);
      }
      break;
    }
    co_await c->ws.async_ping({}, token);
    if (ec) break;
    ++counters.pings;
  }
}

// Reads until the connection ends, checking the order; slow tabs pause
// after each frame. Returns the order seen.
net::awaitable<LogOrder> read_all(std::shared_ptr<Connection> c, const TabPlan& plan, std::mt19937& rng,
                                  SoakCounters& counters) {
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  net::steady_timer pause(co_await net::this_coro::executor);
  beast::flat_buffer buffer;
  LogOrder order;
  for (;;) {
    co_await c->ws.async_read(buffer, token);
    if (ec) break;
    auto seen = summarize_frame(beast::buffers_to_string(buffer.data()), plan.binary);
    buffer.consume(buffer.size());
    ++counters.frames;
    if (seen.type == "message" || seen.type == "status") {
      ++counters.log_entries;
      if (!order.take(seen.seq)) {
        ++counters.gaps_or_repeats;
        counters.problem("chat " + plan.chat->code + ": seq " + std::to_string(seen.seq) + " after " +
                         std::to_string(order.seen()));
      }
    }
    if (seen.type == "unreadable") counters.problem("chat " + plan.chat->code + ": an unreadable frame");
    if (plan.slow) {
      pause.expires_after(random_ms(rng, 2, 25));
      co_await pause.async_wait(token);
    }
  }
  if (!c->hung_up) {
    ++counters.closed_by_relay;
    if (c->ws.reason().code == websocket::close_code::try_again_later) ++counters.slow_closes;
  }
  co_return order;
}

}  // namespace

void SoakCounters::problem(std::string what) {
  if (problems.size() < 20) problems.push_back(std::move(what));
}

net::awaitable<void> run_tab(TabPlan plan, SoakCounters& counters) {
  auto executor = co_await net::this_coro::executor;
  std::mt19937 rng(plan.seed);
  net::steady_timer pause(executor);
  beast::error_code ec;
  while (Clock::now() < plan.until) {
    auto c = std::make_shared<Connection>(executor);
    if (co_await open(*c, plan, counters)) {
      // Some connections end mid-backlog, some long after it.
      auto hang_up_at = std::min(Clock::now() + random_ms(rng, 200, 12000), plan.until);
      bool abrupt = std::bernoulli_distribution(0.5)(rng);
      net::co_spawn(executor, control(c, hang_up_at, abrupt, static_cast<std::uint32_t>(rng()), counters),
                    net::detached);
      co_await read_all(c, plan, rng, counters);
      c->reading = false;
      c->wake.cancel();
    }
    pause.expires_after(random_ms(rng, 20, 400));
    co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
  }
}

net::awaitable<bool> check_tab(TabPlan plan, std::uint64_t last_seq, SoakCounters& counters) {
  auto executor = co_await net::this_coro::executor;
  plan.slow = false;
  auto c = std::make_shared<Connection>(executor);
  if (!co_await open(*c, plan, counters)) co_return false;
  // Everything must arrive, then nothing more: the relay is hung up on
  // once all is in and a moment has passed without a frame.
  net::steady_timer deadline(executor);
  bool complete = false;
  deadline.expires_after(std::chrono::seconds(60));
  deadline.async_wait([c](beast::error_code e) {
    if (!e) beast::get_lowest_layer(c->ws).socket().close(e);
  });
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  beast::flat_buffer buffer;
  LogOrder order;
  bool clean = true;
  for (;;) {
    co_await c->ws.async_read(buffer, token);
    if (ec) break;
    auto seen = summarize_frame(beast::buffers_to_string(buffer.data()), plan.binary);
    buffer.consume(buffer.size());
    if (seen.type != "message" && seen.type != "status") continue;
    if (!order.take(seen.seq) || seen.seq > last_seq) {
      clean = false;
      counters.problem("final check, chat " + plan.chat->code + ": seq " + std::to_string(seen.seq) + " after " +
                       std::to_string(order.seen()) + " (last " + std::to_string(last_seq) + ")");
    }
    if (order.seen() == last_seq && !complete) {
      complete = true;
      // A duplicate would follow at once; give it a moment, then hang up.
      deadline.expires_after(milliseconds(300));
      deadline.async_wait([c](beast::error_code e) {
        if (!e) c->ws.async_close(websocket::close_code::normal, [c](beast::error_code) {});
      });
    }
  }
  if (!complete) {
    counters.problem("final check, chat " + plan.chat->code + ": got " + std::to_string(order.seen()) + " of " +
                     std::to_string(last_seq));
  }
  co_return complete&& clean;
}

}  // namespace baton::bench
