#pragma once
// What a committed transaction asks the event loop to do next. Transactions
// run on the store's writer thread and only describe these; the event loop
// carries them out after the commit, so nothing is announced that could still
// be rolled back.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/protocol/server_frames.hpp"
#include "relay/core/config.hpp"
#include "relay/store/records.hpp"

namespace baton {

// A visitor message the assistant should answer.
struct AssistantTurn {
  std::string session_id;
  Message message;
};

// A call-back that changed, for the admin feed: "booked", "cancelled",
// "reminded" or "done".
struct CallChange {
  CallRecord call;
  std::string change;
};

// The WhatsApp account itself refused (a token, a lock, a payment problem),
// in a call's answer or a late `failed` status: the outbox stops sending
// until it works again (relay/whatsapp/account_health.hpp).
struct AccountTrouble {
  std::int64_t code = 0;
  std::string description;
};

struct Effects {
  std::vector<std::pair<std::string, ServerFrame>> frames;            // session id, frame for its subscribers
  std::vector<OutboxRecord> enqueue;                                  // outbox rows to schedule (new or released)
  std::vector<std::int64_t> finished;                                 // rows sent, failed or parked
  std::vector<std::pair<std::int64_t, std::int64_t>> retry;           // row id, not before (ms)
  std::vector<std::string> hold;                                      // recipients whose window is closed
  std::vector<std::string> release;                                   // recipients who reopened it
  std::vector<std::pair<std::string, std::int64_t>> pause_recipient;  // recipient, until (ms)
  std::int64_t pause_all_until_ms = 0;
  std::vector<AssistantTurn> assistant_turns;
  std::vector<CallChange> calls;
  bool availability_may_change = false;  // an agent's presence, load or window changed
  bool mail_queued = false;              // the mail worker should look now
  bool media_fetch_queued = false;       // the media worker should look now
  // For the success metrics' counters on /metrics, once committed.
  std::vector<int> ratings;  // scores
  std::int64_t conversions = 0;
  std::int64_t model_input_tokens = 0;
  std::int64_t model_output_tokens = 0;
  std::optional<AccountTrouble> account_trouble;
  // An agent's WhatsApp number changed (their system message): the list now in force.
  std::optional<std::vector<AgentConfig>> agents_renumbered;

  void publish(const std::string& session_id, ServerFrame frame) { frames.emplace_back(session_id, std::move(frame)); }
  void merge(Effects&& other);
};

}  // namespace baton
