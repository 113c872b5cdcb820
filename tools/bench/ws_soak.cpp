// WebSocket soak: many tabs that keep reconnecting with `after: 0` to chats
// with long logs, ping, read slowly and hang up abruptly, while the agent's
// webhooks and visitors' messages flow, for minutes. It checks that the
// relay never dies, that its memory returns to where it was after a warm-up
// of the same load, and that every connection saw its chat's log without a
// gap or a repeat; at the end every tab connects once more and must get
// every entry exactly once.
//
//   ws_soak --port P --relay-pid PID --secret S --admin-token T [--agent +15550009999]
//           [--tabs 2000] [--chats 100] [--seconds 300] [--warmup-seconds 30] [--backlog 150]
//           [--webhook-rate 20] [--visitor-rate 10] [--rss-slack-mib 12]
// The relay must list the agent in --agents with --agent-capacity >= chats.
// Exit status 0 only if every check passed. Results: docs/benchmarks.md.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "tools/bench/bench_support.hpp"
#include "tools/bench/soak_load.hpp"
#include "tools/bench/soak_tab.hpp"

namespace {

namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

struct Watch {
  int pid = 0;
  bool died = false;
  long peak_kib = 0;
};

bool alive(int pid) { return ::kill(pid, 0) == 0 && baton::bench::resident_kib(pid) > 0; }

// Once a second: is the relay there, and how much memory does it hold.
net::awaitable<void> watch_relay(Watch& watch, Clock::time_point until, const baton::bench::SoakCounters& tabs,
                                 const baton::bench::LoadCounters& load) {
  net::steady_timer tick(co_await net::this_coro::executor);
  auto started = Clock::now();
  for (int second = 1; Clock::now() < until; ++second) {
    tick.expires_after(std::chrono::seconds(1));
    co_await tick.async_wait(net::use_awaitable);
    if (!alive(watch.pid)) {
      watch.died = true;
      std::printf("the relay died after %.0f s\n", std::chrono::duration<double>(Clock::now() - started).count());
      co_return;
    }
    watch.peak_kib = std::max(watch.peak_kib, baton::bench::resident_kib(watch.pid));
    if (second % 15 == 0) {
      std::printf("%4d s: %llu connections, %llu frames, %llu webhooks, %llu visitor messages, RSS %ld KiB\n", second,
                  static_cast<unsigned long long>(tabs.connections), static_cast<unsigned long long>(tabs.frames),
                  static_cast<unsigned long long>(load.webhooks_stored),
                  static_cast<unsigned long long>(load.visitor_messages_stored), baton::bench::resident_kib(watch.pid));
      std::fflush(stdout);
    }
  }
}

void run_until_done(net::io_context& io) {
  io.restart();
  io.run();
}

struct Soak {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::size_t tab_count = 0;
  std::vector<baton::bench::SoakChat> chats;
  baton::bench::LoadPlan load_plan;
  double webhook_rate = 0;
  double visitor_rate = 0;

  baton::bench::TabPlan plan_for(std::size_t i, Clock::time_point until) const {
    return baton::bench::TabPlan{
        host, port, &chats[i % chats.size()], i % 2 == 1, i % 5 == 0, static_cast<std::uint32_t>(1000 + i), until};
  }

  // Every tab and both kinds of traffic for `seconds`.
  void run(net::io_context& io, double seconds, Watch& watch, baton::bench::SoakCounters& tabs,
           baton::bench::LoadCounters& load) {
    auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    for (std::size_t i = 0; i < tab_count; ++i) {
      net::co_spawn(io, baton::bench::run_tab(plan_for(i, until), tabs), net::detached);
    }
    auto plan = load_plan;
    plan.until = until;
    plan.per_second = webhook_rate;
    net::co_spawn(io, baton::bench::send_agent_replies(plan, load), net::detached);
    plan.per_second = visitor_rate;
    net::co_spawn(io, baton::bench::send_visitor_messages(plan, load), net::detached);
    net::co_spawn(io, watch_relay(watch, until, tabs, load), net::detached);
    run_until_done(io);
  }
};

// The relay's own memory once the tabs have gone: it gives freed memory back
// every 5 s, so this watches for `longest` and keeps the lowest reading (or
// the first at most `enough`).
long settled_memory_kib(int pid, long enough, std::chrono::seconds longest, double& waited_s) {
  auto started = Clock::now();
  long lowest = baton::bench::anonymous_kib(pid);
  while (alive(pid) && lowest > enough && Clock::now() - started < longest) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    lowest = std::min(lowest, baton::bench::anonymous_kib(pid));
  }
  waited_s = std::chrono::duration<double>(Clock::now() - started).count();
  return lowest;
}

}  // namespace

const baton::FlagSpec flags[] = {
    {"port", "PORT", "the relay's port on 127.0.0.1 (required)"},
    {"relay-pid", "PID", "the relay's process, watched for memory and crashes (required)"},
    {"secret", "SECRET", "the relay's --app-secret, to sign the webhooks (required)"},
    {"admin-token", "TOKEN", "the relay's --admin-token, to read each chat's last entry (required)"},
    {"agent", "+E164", "the agent who holds the chats (default +15550009999)"},
    {"tabs", "N", "tabs that connect, read and drop (default 2000)"},
    {"chats", "N", "chats the tabs watch (default 100)"},
    {"seconds", "S", "length of the soak (default 300)"},
    {"warmup-seconds", "S", "length of the warm-up before the baseline (default 30)"},
    {"backlog", "N", "entries in each chat before the soak (default 150)"},
    {"webhook-rate", "PER_SECOND", "agents' messages during the soak (default 20)"},
    {"visitor-rate", "PER_SECOND", "visitors' messages during the soak (default 10)"},
    {"rss-slack-mib", "MIB", "memory allowed above the warmed-up baseline at the end (default 12)"},
};

int main(int argc, char** argv) {
  struct Settings {
    std::string secret, admin_token, agent;
    std::size_t chat_count;
    double seconds, warmup_seconds;
    std::size_t backlog;
    long rss_slack_kib;
  };
  Soak soak;
  Watch watch{0, false, 0};
  auto [secret, admin_token, agent, chat_count, seconds, warmup_seconds, backlog, rss_slack_kib] =
      baton::bench::read_bench_flags(
          argc, argv, "ws-soak: tabs that come and go under load; every entry exactly once, memory back to baseline",
          flags, [&soak, &watch](const baton::FlagValues& f) {
            soak.port = static_cast<unsigned short>(baton::parse_whole_number("port", f.required("port"), 1, 65535));
            watch.pid = static_cast<int>(baton::parse_whole_number("relay-pid", f.required("relay-pid"), 1, 1u << 22));
            soak.tab_count = f.whole_number("tabs", 2000, 1, 1000000);
            soak.webhook_rate = f.number("webhook-rate", 20, 0, 100000);
            soak.visitor_rate = f.number("visitor-rate", 10, 0, 100000);
            auto agent_number = f.text("agent", "+15550009999");
            if (!agent_number.starts_with('+')) {
              throw baton::CommandLineError("--agent: expected +E164, got \"" + agent_number + "\"");
            }
            // What may stay above the warmed-up baseline: freed memory the
            // relay keeps rather than give back (8 MiB), and some fragmentation.
            return Settings{f.required("secret"),
                            f.required("admin-token"),
                            agent_number,
                            f.whole_number("chats", 100, 1, 100000),
                            f.number("seconds", 300, 0.1, 86400),
                            f.number("warmup-seconds", 30, 0, 86400),
                            f.whole_number("backlog", 150, 0, 1000000),
                            static_cast<long>(f.whole_number("rss-slack-mib", 12, 0, 1 << 20)) * 1024};
          });
  const auto& host = soak.host;
  auto port = soak.port;

  // Chats with long logs, each held by the agent.
  for (std::size_t i = 0; i < chat_count; ++i) {
    auto s = baton::bench::open_session(host, port);
    soak.chats.push_back({s.id, s.token, s.code});
  }
  soak.load_plan = baton::bench::LoadPlan{host, port, secret, agent.substr(1), &soak.chats, 1, {}};
  baton::bench::prepare_chats(soak.load_plan, soak.chats, backlog);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  long cold_kib = baton::bench::anonymous_kib(watch.pid);
  std::printf("setup: %zu chats with %zu+ entries each, %zu tabs; relay RSS %ld KiB (own %ld KiB)\n", soak.chats.size(),
              backlog, soak.tab_count, baton::bench::resident_kib(watch.pid), cold_kib);
  std::fflush(stdout);

  // A warm-up of the same load fills what a first load fills for good
  // (SQLite's page cache, the allocator's arenas, code pages); memory after
  // it is the baseline the soak must come back to.
  net::io_context io;
  baton::bench::SoakCounters warmup_tabs;
  baton::bench::LoadCounters warmup_load;
  soak.run(io, warmup_seconds, watch, warmup_tabs, warmup_load);
  double waited_s = 0;
  long baseline_kib = settled_memory_kib(watch.pid, 0, std::chrono::seconds(11), waited_s);
  std::printf("after a %.0f s warm-up (%llu connections): relay's own memory %ld KiB\n", warmup_seconds,
              static_cast<unsigned long long>(warmup_tabs.connections), baseline_kib);
  std::fflush(stdout);

  // The soak.
  baton::bench::SoakCounters tabs;
  baton::bench::LoadCounters load;
  double cpu_before = baton::bench::cpu_seconds(watch.pid);
  soak.run(io, seconds, watch, tabs, load);
  double cpu_after = baton::bench::cpu_seconds(watch.pid);

  // Every tab once more: every entry exactly once.
  std::size_t complete = 0;
  if (!alive(watch.pid)) watch.died = true;
  if (!watch.died) {
    std::this_thread::sleep_for(std::chrono::seconds(2));  // what is in flight settles
    std::vector<std::uint64_t> last(soak.chats.size());
    for (std::size_t c = 0; c < soak.chats.size(); ++c) {
      last[c] = baton::bench::last_seq(host, port, admin_token, soak.chats[c]);
    }
    // A few hundred at a time, as a crowd of returning visitors would.
    auto forever = Clock::time_point::max();
    for (std::size_t first = 0; first < soak.tab_count; first += 250) {
      for (std::size_t i = first; i < std::min<std::size_t>(soak.tab_count, first + 250); ++i) {
        net::co_spawn(io, baton::bench::check_tab(soak.plan_for(i, forever), last[i % soak.chats.size()], tabs),
                      [&complete](std::exception_ptr error, bool ok) {
                        if (!error && ok) ++complete;
                      });
      }
      run_until_done(io);
    }
  }

  long final_kib = settled_memory_kib(watch.pid, baseline_kib + rss_slack_kib, std::chrono::seconds(20), waited_s);
  bool alive_at_end = alive(watch.pid);
  bool memory_ok = alive_at_end && final_kib <= baseline_kib + rss_slack_kib;
  bool ok = !watch.died && alive_at_end && tabs.gaps_or_repeats == 0 && complete == soak.tab_count && memory_ok;

  std::printf(
      "connections: %llu (failed to connect: %llu), clean closes %llu, abrupt %llu, closed by the relay %llu "
      "(1013: %llu)\n",
      static_cast<unsigned long long>(tabs.connections), static_cast<unsigned long long>(tabs.failed_connects),
      static_cast<unsigned long long>(tabs.clean_closes), static_cast<unsigned long long>(tabs.abrupt_closes),
      static_cast<unsigned long long>(tabs.closed_by_relay), static_cast<unsigned long long>(tabs.slow_closes));
  std::printf("frames received: %llu (log entries %llu), pings %llu, pongs %llu\n",
              static_cast<unsigned long long>(tabs.frames), static_cast<unsigned long long>(tabs.log_entries),
              static_cast<unsigned long long>(tabs.pings), static_cast<unsigned long long>(tabs.pongs));
  std::printf("webhooks stored: %llu, visitor messages stored: %llu, refused or unanswered: %llu\n",
              static_cast<unsigned long long>(load.webhooks_stored),
              static_cast<unsigned long long>(load.visitor_messages_stored),
              static_cast<unsigned long long>(load.refused));
  std::printf("relay CPU during the soak: %.1f s (%.0f%% of one core)\n", cpu_after - cpu_before,
              100.0 * (cpu_after - cpu_before) / seconds);
  std::printf("relay RSS: peak %ld KiB, after %ld KiB\n", watch.peak_kib,
              alive_at_end ? baton::bench::resident_kib(watch.pid) : -1);
  std::printf(
      "relay's own memory (RssAnon): before any tab %ld KiB, warmed-up baseline %ld KiB, %.1f s after the "
      "last tab left %ld KiB (allowed %ld KiB)\n",
      cold_kib, baseline_kib, waited_s, final_kib, baseline_kib + rss_slack_kib);
  std::printf("gaps or repeats: %llu; final check: %zu of %zu tabs got every entry exactly once\n",
              static_cast<unsigned long long>(tabs.gaps_or_repeats), complete, soak.tab_count);
  for (const auto& problem : tabs.problems) std::printf("  problem: %s\n", problem.c_str());
  std::printf("%s\n", ok                              ? "soak passed"
                      : (watch.died || !alive_at_end) ? "soak FAILED: the relay died"
                                                      : "soak FAILED");
  return ok ? 0 : 1;
}
