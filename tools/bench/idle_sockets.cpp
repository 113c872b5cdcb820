// Many idle visitor live streams on one relay: opens N sessions and one
// WebSocket per session (hello, welcome, greeting), leaves them idle, and
// reports the relay's resident memory before and after.
//
//   idle_sockets --port P --relay-pid PID --connections 10000

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <list>

#include "tools/bench/bench_support.hpp"

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

struct Tab {
  explicit Tab(net::io_context& io) : ws(io) {}
  websocket::stream<tcp::socket> ws;
  beast::flat_buffer buffer;
};

std::size_t welcomed = 0;
std::size_t failed = 0;

net::awaitable<void> open_tab(Tab& tab, unsigned short port, baton::bench::BenchSession session) {
  try {
    co_await tab.ws.next_layer().async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                               net::use_awaitable);
    tab.ws.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& r) { r.set(http::field::sec_websocket_protocol, "baton.v1.json"); }));
    co_await tab.ws.async_handshake("127.0.0.1", "/v1/ws", net::use_awaitable);
    auto hello = boost::json::serialize(
        boost::json::object{{"type", "hello"}, {"session_id", session.id}, {"token", session.token}, {"after", 0}});
    co_await tab.ws.async_write(net::buffer(hello), net::use_awaitable);
    co_await tab.ws.async_read(tab.buffer, net::use_awaitable);  // welcome
    ++welcomed;
    tab.buffer.consume(tab.buffer.size());
    for (;;) {  // stay open: answer pings, read the greeting, then idle
      co_await tab.ws.async_read(tab.buffer, net::use_awaitable);
      tab.buffer.consume(tab.buffer.size());
    }
  } catch (const std::exception&) {
    ++failed;
  }
}

}  // namespace

const baton::FlagSpec flags[] = {
    {"port", "PORT", "the relay's port on 127.0.0.1 (required)"},
    {"relay-pid", "PID", "the relay's process, whose memory is read (required)"},
    {"connections", "N", "live streams to open (default 10000)"},
};

int main(int argc, char** argv) {
  struct Settings {
    unsigned short port;
    int pid;
    std::size_t count;
  };
  auto [port, pid, count] = baton::bench::read_bench_flags(
      argc, argv, "idle-sockets: the relay's memory per open, idle live stream", flags, [](const auto& f) {
        return Settings{static_cast<unsigned short>(baton::parse_whole_number("port", f.required("port"), 1, 65535)),
                        static_cast<int>(baton::parse_whole_number("relay-pid", f.required("relay-pid"), 1, 1u << 22)),
                        f.whole_number("connections", 10000, 1, 1000000)};
      });

  long before = baton::bench::resident_kib(pid);
  std::vector<baton::bench::BenchSession> sessions;
  for (std::size_t i = 0; i < count; ++i) sessions.push_back(baton::bench::open_session("127.0.0.1", port));
  long after_sessions = baton::bench::resident_kib(pid);

  net::io_context io;
  std::list<Tab> tabs;
  auto started = std::chrono::steady_clock::now();
  for (const auto& session : sessions) {
    tabs.emplace_back(io);
    net::co_spawn(io, open_tab(tabs.back(), port, session), net::detached);
  }
  while (welcomed + failed < count && std::chrono::steady_clock::now() - started < std::chrono::minutes(3)) {
    io.run_for(std::chrono::milliseconds(100));
  }
  auto connect_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  io.run_for(std::chrono::seconds(5));  // idle
  long with_tabs = baton::bench::resident_kib(pid);

  std::printf("live streams open: %zu of %zu (%zu failed) in %.1f s\n", welcomed, count, failed, connect_seconds);
  std::printf("relay RSS: %ld KiB at start, %ld KiB after %zu sessions, %ld KiB with every stream open\n", before,
              after_sessions, count, with_tabs);
  std::printf("per open stream: %.1f KiB\n", static_cast<double>(with_tabs - after_sessions) /
                                                 static_cast<double>(std::max<std::size_t>(welcomed, 1)));
  return welcomed == count ? 0 : 1;
}
