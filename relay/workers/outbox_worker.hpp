#pragma once
// Drives the outbox: asks the scheduler what may go, claims the row in a
// transaction, calls the Cloud API, records the outcome in another. Restores
// unfinished rows at start-up, so a crash loses nothing that was committed.
//
// In a cluster each recipient's lane is looked after by one relay
// (Hub::owns), which sends its rows in order and within the recipient's pair
// limit, at its share of the number's throughput. A relay that stores a row
// for a lane it does not look after tells the one that does (Hub::work_for).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <random>

#include "relay/conversation/conversation_service.hpp"
#include "relay/conversation/delivery_transactions.hpp"
#include "relay/core/kept_bodies.hpp"
#include "relay/core/metrics.hpp"
#include "relay/whatsapp/graph_client.hpp"
#include "relay/whatsapp/outbox_scheduler.hpp"

namespace baton {

// Outbox rows waiting or in flight, on /metrics (and the console's figures).
metrics::Gauge& outbox_queued_gauge();

class OutboxWorker : public OutboxQueue {
 public:
  OutboxWorker(boost::asio::any_io_executor executor, ConversationService& service, GraphClient& graph,
               const Config& config);

  // Loads unfinished rows from the store and starts sending.
  void start();
  // Stops starting calls; calls already out finish on their own.
  void stop();

  void apply(const Effects& effects) override;
  // Another relay stored work for `recipient`, whose lane this one looks after.
  void work_for(std::string_view recipient);
  // Relays joined or left: lanes this relay no longer looks after are let
  // go, those it now does are found by a sweep, and its share of the
  // number's throughput changes.
  void members_changed();

  std::size_t queued() const { return scheduler_.queued(); }

  // The newest Cloud API calls, request and answer, for the console
  // (relay/core/kept_bodies.hpp): 256 of them, at most 4 MiB.
  const KeptBodies& kept_calls() const { return kept_calls_; }

 private:
  void enqueue(const OutboxRecord& record);
  void pump();
  // In a cluster (relays sharing a PostgreSQL store) every relay looks at
  // the open rows every few seconds and schedules those it does not know:
  // rows another relay made, and claims of a relay that died. The claim's
  // row lock sends each row once (delivery_transactions.cpp).
  void arm_sweep(std::chrono::milliseconds after = sweep_interval);
  void sweep();
  // A sweep at once (or right after the one under way).
  void sweep_now();
  // Schedules the rows of `open` this relay does not know yet.
  void schedule_unknown(const std::vector<OutboxRecord>& open);
  // Lets go of holds on lanes with nothing parked any more (the sweep's rows).
  void release_unparked(const std::vector<OutboxRecord>& open, std::uint64_t holds_before);

  static constexpr auto sweep_interval = std::chrono::seconds(3);
  // The account circuit (relay/whatsapp/account_health.hpp): opened by an
  // account error, probed while open, closed by a message that got through.
  void account_failed(const AccountTrouble& trouble);
  void account_works();
  void arm_probe();
  void probe();
  // What an answer says of the account while it is on trial or blocked.
  void judge_account(const SendOutcome& outcome);
  // Templates Meta paused or disabled: reported with the account's health.
  void note_template_trouble(const OutboxRecord& record, const SendOutcome& outcome);
  const std::string& template_name(const OutboxRecord& record) const;
  void dispatch(const OutboxJob& job);
  void send(const SendClaim& claim);
  std::string request_body(const SendClaim& claim) const;
  // POSTs one message body and settles the row with the answer.
  void post(const OutboxRecord& record, std::string body);
  void settle(const OutboxRecord& record, const SendOutcome& outcome);
  // A message's file (outbox_files.cpp): the media id Meta gave for these
  // bytes on this number, or an upload first, then the message by id.
  void send_file(const SendClaim& claim);
  void post_file(const OutboxRecord& record, const AttachmentRecord& file, const std::string& media_id);
  // One Cloud API call, on the admin feed (relay/core/admin_feed.hpp).
  void report_graph_call(const OutboxRecord& record, const GraphResult& result, const SendOutcome& outcome, double ms,
                         std::uint64_t kept_id) const;
  std::int64_t now() const { return service_.clock().now_ms(); }

  boost::asio::any_io_executor executor_;
  ConversationService& service_;
  GraphClient& graph_;
  const Config& config_;
  DeliveryPolicy policy_;
  std::int64_t started_ms_ = 0;  // when start() ran: in-doubt rows the sweep finds wait a grace from then
  OutboxScheduler scheduler_;
  boost::asio::steady_timer timer_;
  std::optional<std::int64_t> timer_due_ms_;
  std::mt19937_64 jitter_;
  AccountHealth& health_;
  boost::asio::steady_timer probe_timer_;
  boost::asio::steady_timer sweep_timer_;
  bool sweeping_ = false;
  bool sweep_again_ = false;
  bool probe_armed_ = false;
  bool probe_out_ = false;
  bool trial_out_ = false;  // the one message sent to prove the account works
  bool stopped_ = false;
  KeptBodies kept_calls_{256, 4 * 1024 * 1024};
};

}  // namespace baton
