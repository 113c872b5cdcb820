#pragma once
// The outbox's side of a conversation, as transactions: claim a row before a
// Cloud API call, record what came back, and the outcomes shared with status
// webhooks (accepted, parked until the agent reopens the 24-hour window,
// failed for good and said so in the chat).

#include <cstdint>
#include <string>

#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/core/config.hpp"
#include "relay/whatsapp/backoff.hpp"
#include "relay/whatsapp/graph_result.hpp"

namespace baton {

struct DeliveryPolicy {
  std::uint32_t max_attempts = 12;
  std::int64_t in_doubt_grace_ms = 30000;
  // With a store other relays share: how long the calls of one send may
  // last, a text's and a file's (its upload, then its message). A claim
  // lasts that long before the grace period starts, so no relay takes a row
  // over while the call of the relay that claimed it may still be out.
  // Zero with one relay, which knows its own calls.
  std::int64_t longest_send_ms = 0;
  std::int64_t longest_file_send_ms = 0;
  Backoff retry{1000, 5 * 60 * 1000};
  Backoff throttled{1000, 60 * 1000};
  // Meta suggests waiting 4^n seconds after 131056; doubling from 6 s is close.
  Backoff pair_limited{6000, 10 * 60 * 1000};
};

// The policy --max-send-attempts and --in-doubt-grace-ms set.
DeliveryPolicy delivery_policy(const Config& config);

struct SendClaim {
  bool send = false;  // false: nothing to send (already settled, or parked)
  OutboxRecord record;
  std::string session_code;  // for the template's parameter
  // Another relay of the cluster has the row in flight until then: not
  // sent now; looked at again then, to take it over if that relay died.
  std::int64_t busy_until_ms = 0;
};

// Marks the row in flight (counting the attempt) before the call, so a crash
// mid-call leaves it "in doubt" rather than "never sent". Text to a recipient
// whose window is known to be closed is parked instead.
SendClaim claim_send_tx(SessionLog& log, std::int64_t outbox_id, const DeliveryPolicy& policy);

// What the Cloud API answered. `unit_random` in [0, 1) jitters backoffs.
void record_send_outcome_tx(SessionLog& log, std::int64_t outbox_id, const SendOutcome& outcome,
                            const DeliveryPolicy& policy, double unit_random);

// A `failed` status webhook for `wamid`, a message the Cloud API had
// accepted: read like an error in a call's answer (kind_of_error). Passing
// trouble (131000, a rate limit) sends it again after a backoff; trouble of
// the account sends it again once the account works; the rest is final. A
// failure reported after the phone said delivered or read undoes nothing.
void settle_late_failure(SessionLog& log, OutboxRecord& record, const std::string& wamid, std::int64_t code,
                         const std::string& description, const DeliveryPolicy& policy);

void mark_accepted(SessionLog& log, OutboxRecord& record, const std::string& wamid);
void park_for_window(SessionLog& log, OutboxRecord& record);
void fail_delivery(SessionLog& log, OutboxRecord& record, const std::string& description, std::int64_t code);
// The conversation messages a row carries: its own and those joined to it.
std::vector<std::string> carried_messages(const OutboxRecord& record);
// Fails every row not yet sent (what is in flight settles as usual) of one
// chat, to one recipient, or both (an empty one matches all), with `why`;
// returns how many. The agent's /end (what would reach nobody who reads it)
// and an admin's purge (an agent buried under a flood).
std::size_t cancel_unsent_tx(SessionLog& log, const std::string& session_id, const std::string& recipient,
                             const std::string& why);

// The WhatsApp account stopped sending (relay/whatsapp/account_health.hpp):
// every chat an agent holds or is asked to take is told, in its language,
// that what the visitor writes waits. Returns how many chats.
std::size_t tell_chats_whatsapp_unreachable_tx(SessionLog& log, const AgentDirectory& agents);

// The recipient wrote: rows parked for them go back in the queue. Returns
// how many there were.
std::size_t release_parked(SessionLog& log, const std::string& recipient);

// Prefix of biz_opaque_callback_data; the rest is the outbox row id.
inline constexpr std::string_view callback_prefix = "baton:";

}  // namespace baton
