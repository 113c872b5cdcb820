#pragma once
// The traffic that flows during the WebSocket soak (ws_soak): the agent's
// WhatsApp replies as signed webhooks, and visitors' messages through the
// REST API, each at a steady rate to chats picked in turn.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/bench/soak_tab.hpp"

namespace baton::bench {

struct LoadPlan {
  std::string host;
  unsigned short port = 0;
  std::string secret;        // the relay's --app-secret
  std::string agent_digits;  // the agent's number without '+'
  const std::vector<SoakChat>* chats = nullptr;
  double per_second = 10;
  std::chrono::steady_clock::time_point until;
};

struct LoadCounters {
  std::uint64_t webhooks_stored = 0;          // answered 200
  std::uint64_t visitor_messages_stored = 0;  // answered 201
  std::uint64_t refused = 0;                  // any other answer, or no answer
};

// Signed webhooks "#CODE soak N" from the agent.
boost::asio::awaitable<void> send_agent_replies(LoadPlan plan, LoadCounters& counters);
// POST /v1/sessions/{id}/messages as the chats' visitors.
boost::asio::awaitable<void> send_visitor_messages(LoadPlan plan, LoadCounters& counters);

// Before the soak, blocking: hands each chat to the agent, lets the agent
// take it, and writes `entries` agent messages into each chat's log (in
// webhooks of 50 messages, as Meta batches them).
void prepare_chats(const LoadPlan& plan, std::vector<SoakChat>& chats, std::size_t entries);

// The newest seq of a chat's log (messages and status changes), from the
// admin API: what a tab must have received in the end.
std::uint64_t last_seq(const std::string& host, unsigned short port, const std::string& admin_token,
                       const SoakChat& chat);

}  // namespace baton::bench
