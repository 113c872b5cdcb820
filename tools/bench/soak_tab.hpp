#pragma once
// One tab of the WebSocket soak (ws_soak): it connects, says hello with
// `after: 0`, reads its chat's whole log and what follows, pings now and
// then, and after a random lifetime hangs up, politely or by dropping the
// connection; then it does it again, until the soak ends. Some tabs read
// slowly through a small receive buffer. Every connection must see the log
// from seq 1 on with no gap and no repeat, however it ends.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace baton::bench {

struct SoakChat {
  std::string id;
  std::string token;
  std::string code;
};

struct SoakCounters {
  std::uint64_t connections = 0;
  std::uint64_t failed_connects = 0;
  std::uint64_t frames = 0;
  std::uint64_t log_entries = 0;
  std::uint64_t pings = 0;
  std::uint64_t pongs = 0;
  std::uint64_t abrupt_closes = 0;
  std::uint64_t clean_closes = 0;
  std::uint64_t closed_by_relay = 0;  // any close the tab did not start
  std::uint64_t slow_closes = 0;      // of which 1013: fell 64 frames behind
  std::uint64_t gaps_or_repeats = 0;  // must stay 0
  std::vector<std::string> problems;  // the first few, for the report

  void problem(std::string what);
};

struct TabPlan {
  std::string host;
  unsigned short port = 0;
  const SoakChat* chat = nullptr;
  bool binary = false;
  bool slow = false;
  std::uint32_t seed = 0;
  std::chrono::steady_clock::time_point until;
};

// Connects again and again until `plan.until`.
boost::asio::awaitable<void> run_tab(TabPlan plan, SoakCounters& counters);

// One last connection once the load has stopped: true if it received every
// entry from 1 to `last_seq` exactly once, and nothing after.
boost::asio::awaitable<bool> check_tab(TabPlan plan, std::uint64_t last_seq, SoakCounters& counters);

}  // namespace baton::bench
