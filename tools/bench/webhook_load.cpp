// Open-loop load of signed WhatsApp webhooks against a running relay, with a
// live-stream tab on every target session:
//  - sustained rate: are webhooks stored (answered 200) as fast as they come?
//  - webhook-to-tab latency: from the moment a webhook was due to be sent to
//    the moment its message frame reached the tab (coordinated omission is
//    avoided by measuring from the schedule, not from the send).
//
//   webhook_load --port P --secret S --agent +15550009999 --rate 1000 --seconds 20 [--sessions 50]
//                [--connections 32] [--relay-pid PID]
// The relay must list the agent in --agents and have WhatsApp configured.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <deque>
#include <iostream>

#include "relay/whatsapp/signature.hpp"
#include "tools/bench/bench_support.hpp"

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Run {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string secret;
  std::string agent_digits;
  std::vector<baton::bench::BenchSession> sessions;
  std::vector<Clock::time_point> due;
  std::vector<std::string> bodies;
  std::deque<std::size_t> ready;
  std::vector<net::steady_timer*> idle;
  std::size_t produced = 0;
  std::size_t acknowledged = 0;
  std::size_t refused = 0;
  std::size_t delivered = 0;
  bool done_producing = false;
  baton::bench::Latencies ack;
  baton::bench::Latencies delivery;
};

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string webhook_body(const Run& run, std::size_t i, const std::string& code) {
  auto wamid = "wamid.bench." + std::to_string(::getpid()) + "." + std::to_string(i);
  return baton::bench::agent_webhook_body(run.agent_digits, {{wamid, "#" + code + " bench " + std::to_string(i)}});
}

net::awaitable<void> produce(Run& run) {
  net::steady_timer timer(co_await net::this_coro::executor);
  for (std::size_t i = 0; i < run.due.size(); ++i) {
    timer.expires_at(run.due[i]);
    co_await timer.async_wait(net::use_awaitable);
    run.ready.push_back(i);
    ++run.produced;
    if (!run.idle.empty()) {
      run.idle.back()->cancel();
      run.idle.pop_back();
    }
  }
  run.done_producing = true;
  for (auto* t : run.idle) t->cancel();
}

net::awaitable<void> post_webhooks(Run& run) {
  auto executor = co_await net::this_coro::executor;
  beast::tcp_stream stream(executor);
  co_await stream.async_connect(tcp::endpoint(net::ip::make_address(run.host), run.port), net::use_awaitable);
  net::steady_timer wake(executor);
  beast::flat_buffer buffer;
  for (;;) {
    if (run.ready.empty()) {
      if (run.done_producing) co_return;
      wake.expires_at(Clock::time_point::max());
      run.idle.push_back(&wake);
      beast::error_code ec;
      co_await wake.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    auto i = run.ready.front();
    run.ready.pop_front();
    http::request<http::string_body> request{http::verb::post, "/webhooks/whatsapp", 11};
    request.set(http::field::host, run.host);
    request.set(http::field::content_type, "application/json");
    request.set("X-Hub-Signature-256", baton::sign_body(run.secret, run.bodies[i]));
    request.body() = run.bodies[i];
    request.prepare_payload();
    co_await http::async_write(stream, request, net::use_awaitable);
    http::response<http::string_body> response;
    co_await http::async_read(stream, buffer, response, net::use_awaitable);
    if (response.result_int() == 200) {
      ++run.acknowledged;
      run.ack.add(ms_since(run.due[i]));
    } else {
      ++run.refused;
    }
  }
}

net::awaitable<void> watch_tab(Run& run, baton::bench::BenchSession session) {
  auto executor = co_await net::this_coro::executor;
  websocket::stream<tcp::socket> ws(executor);
  co_await ws.next_layer().async_connect(tcp::endpoint(net::ip::make_address(run.host), run.port), net::use_awaitable);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& r) { r.set(http::field::sec_websocket_protocol, "baton.v1.json"); }));
  co_await ws.async_handshake(run.host, "/v1/ws", net::use_awaitable);
  auto hello = boost::json::serialize(
      boost::json::object{{"type", "hello"}, {"session_id", session.id}, {"token", session.token}, {"after", 0}});
  co_await ws.async_write(net::buffer(hello), net::use_awaitable);
  beast::flat_buffer buffer;
  for (;;) {
    beast::error_code ec;
    co_await ws.async_read(buffer, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return;
    auto frame = boost::json::parse(beast::buffers_to_string(buffer.data()));
    buffer.consume(buffer.size());
    if (frame.at("type") != "message") continue;
    std::string_view text = frame.at("message").at("text").as_string();
    if (!text.starts_with("bench ")) continue;
    auto i = std::stoul(std::string(text.substr(6)));
    ++run.delivered;
    run.delivery.add(ms_since(run.due[i]));
  }
}

}  // namespace

const baton::FlagSpec flags[] = {
    {"port", "PORT", "the relay's port on 127.0.0.1 (required)"},
    {"secret", "SECRET", "the relay's --app-secret, to sign the webhooks (required)"},
    {"agent", "+E164", "the agent whose messages the webhooks carry (default +15550009999)"},
    {"rate", "PER_SECOND", "webhooks offered per second (default 1000)"},
    {"seconds", "S", "how long to offer them (default 20)"},
    {"sessions", "N", "chats the messages go to, each watched by a tab (default 50)"},
    {"connections", "N", "HTTP connections posting webhooks (default 32)"},
    {"relay-pid", "PID", "the relay's process, for its CPU time and memory (default: not read)"},
};

int main(int argc, char** argv) {
  struct Settings {
    double rate, seconds;
    std::size_t session_count, connections;
    int relay_pid;
  };
  Run run;
  auto [rate, seconds, session_count, connections, relay_pid] = baton::bench::read_bench_flags(
      argc, argv, "webhook-load: agents' webhooks stored and fanned out to tabs, at a set rate", flags,
      [&run](const baton::FlagValues& f) {
        run.port = static_cast<unsigned short>(baton::parse_whole_number("port", f.required("port"), 1, 65535));
        run.secret = f.required("secret");
        auto agent = f.text("agent", "+15550009999");
        if (!agent.starts_with('+')) throw baton::CommandLineError("--agent: expected +E164, got \"" + agent + "\"");
        run.agent_digits = agent.substr(1);
        return Settings{f.number("rate", 1000, 1, 1e6), f.number("seconds", 20, 0.1, 86400),
                        f.whole_number("sessions", 50, 1, 100000), f.whole_number("connections", 32, 1, 10000),
                        static_cast<int>(f.whole_number("relay-pid", 0, 0, 1u << 22))};
      });

  for (std::size_t i = 0; i < session_count; ++i)
    run.sessions.push_back(baton::bench::open_session(run.host, run.port));
  // As in production: each chat asks for a person and the agent takes it;
  // an agent's message reaches only a chat they hold.
  baton::bench::hand_to_agent(run.host, run.port, run.secret, run.agent_digits, run.sessions);
  auto total = static_cast<std::size_t>(rate * seconds);
  for (std::size_t i = 0; i < total; ++i)
    run.bodies.push_back(webhook_body(run, i, run.sessions[i % session_count].code));

  net::io_context io;
  for (const auto& session : run.sessions) net::co_spawn(io, watch_tab(run, session), net::detached);
  // Let the tabs connect and catch up before the clock starts.
  io.run_for(std::chrono::seconds(2));
  io.restart();

  auto start = Clock::now() + std::chrono::milliseconds(100);
  for (std::size_t i = 0; i < total; ++i) {
    run.due.push_back(start + std::chrono::nanoseconds(static_cast<long long>(1e9 * static_cast<double>(i) / rate)));
  }
  double cpu_before = relay_pid ? baton::bench::cpu_seconds(relay_pid) : 0;
  net::co_spawn(io, produce(run), net::detached);
  for (std::size_t c = 0; c < connections; ++c) {
    net::co_spawn(io, post_webhooks(run), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  }
  while (run.delivered < total && Clock::now() < start + std::chrono::duration<double>(seconds + 15)) {
    io.run_for(std::chrono::milliseconds(100));
  }
  auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  double cpu_after = relay_pid ? baton::bench::cpu_seconds(relay_pid) : 0;

  std::printf("offered: %zu webhooks at %.0f/s over %.1f s (%zu sessions, %zu connections)\n", total, rate, seconds,
              session_count, connections);
  std::printf("stored (200): %zu, refused: %zu, delivered to tabs: %zu\n", run.acknowledged, run.refused,
              run.delivered);
  std::printf("sustained: %.0f webhooks/s stored\n",
              static_cast<double>(run.acknowledged) / std::min(elapsed, seconds + 15));
  std::cout << run.ack.summary("webhook answered (from schedule)") << "\n";
  std::cout << run.delivery.summary("webhook-to-tab (from schedule)") << "\n";
  if (relay_pid) {
    std::printf("relay CPU: %.1f s for %.1f s of load (%.0f%% of one core), RSS %ld KiB\n", cpu_after - cpu_before,
                elapsed, 100 * (cpu_after - cpu_before) / elapsed, baton::bench::resident_kib(relay_pid));
  }
  return run.delivered == total && run.refused == 0 ? 0 : 1;
}
