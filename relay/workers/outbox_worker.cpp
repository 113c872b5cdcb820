#include "relay/workers/outbox_worker.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "relay/conversation/agent_commands.hpp"
#include "relay/conversation/satisfaction.hpp"

#include "relay/core/admin_feed.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/hub/cluster_members.hpp"
#include "relay/whatsapp/message_payloads.hpp"

namespace baton {
namespace {

struct OutboxMetrics {
  metrics::Counter& calls = metrics::registry().counter("baton_graph_calls_total", "Cloud API calls made");
  metrics::Histogram& call_seconds = metrics::registry().histogram(
      "baton_graph_call_seconds", "Cloud API call duration", metrics::latency_buckets());
  metrics::Gauge& queued = outbox_queued_gauge();
  metrics::Counter& swept = metrics::registry().counter(
      "baton_outbox_swept_total", "Outbox rows another relay of the cluster made or left, scheduled here too");
  metrics::Counter& outcome(std::string_view kind) {
    return metrics::registry().counter("baton_graph_outcomes_total", "Cloud API call outcomes",
                                       "outcome=\"" + std::string(kind) + "\"");
  }
};

metrics::Gauge& account_can_send_gauge() {
  static auto& g = metrics::registry().gauge(
      "baton_whatsapp_can_send", "1 while the WhatsApp account can send, 0 while an account error stopped the outbox");
  return g;
}

OutboxMetrics& outbox_metrics() {
  static OutboxMetrics m;
  return m;
}

std::string_view outcome_name(SendOutcome::Kind kind) {
  switch (kind) {
    case SendOutcome::Kind::accepted: return "accepted";
    case SendOutcome::Kind::retry: return "retry";
    case SendOutcome::Kind::in_doubt: return "in_doubt";
    case SendOutcome::Kind::window_closed: return "window_closed";
    case SendOutcome::Kind::throttled: return "throttled";
    case SendOutcome::Kind::throttled_recipient: return "throttled_recipient";
    case SendOutcome::Kind::account: return "account";
    case SendOutcome::Kind::permanent: return "permanent";
  }
  return "unknown";
}

}  // namespace

metrics::Gauge& outbox_queued_gauge() {
  static auto& g = metrics::registry().gauge("baton_outbox_queued", "Outbox rows waiting or in flight");
  return g;
}

void OutboxWorker::report_graph_call(const OutboxRecord& record, const GraphResult& result, const SendOutcome& outcome,
                                     double ms, std::uint64_t kept_id) const {
  boost::json::object fields{{"id", std::to_string(kept_id)},
                             {"row", std::to_string(record.id)},
                             {"message", record.message_id},
                             {"purpose", to_string(record.purpose)},
                             {"attempt", record.attempts},
                             {"http", result.http_status},
                             {"outcome", outcome_name(outcome.kind)},
                             {"ms", ms}};
  if (result.transport != GraphResult::Transport::answered) fields["transport"] = result.detail;
  if (outcome.code != 0) fields["code"] = outcome.code;
  if (!outcome.description.empty()) fields["title"] = outcome.description;
  if (!outcome.wamid.empty()) fields["wamid"] = outcome.wamid;
  admin_feed().emit("graph", record.session_id, std::move(fields), now());
}

OutboxWorker::OutboxWorker(boost::asio::any_io_executor executor, ConversationService& service, GraphClient& graph,
                           const Config& config)
    : executor_(executor),
      service_(service),
      graph_(graph),
      config_(config),
      policy_(delivery_policy(config)),
      scheduler_(OutboxScheduler::Limits{static_cast<double>(config.graph_rate_per_second), 45, 1.0 / 6.0,
                                         config.graph_connections}),
      timer_(executor),
      jitter_(std::random_device{}()),
      health_(service.whatsapp_health()),
      probe_timer_(executor),
      sweep_timer_(executor) {
  outbox_metrics();  // visible from the start, not from the first call
  account_can_send_gauge().set(1);
}

void OutboxWorker::start() {
  started_ms_ = now();
  if (config_.hub_on_redis()) {
    // Which lanes are this relay's is known once it has heard the others'
    // heartbeats: the first sweep, a beat later, takes those it looks after.
    arm_sweep(std::chrono::milliseconds(ClusterMembers::heartbeat_ms + 500));
    return;
  }
  auto open = service_.startup_reader().outbox().open();
  for (auto record : open) {
    if (record.state == OutboxState::awaiting_window) {
      scheduler_.hold(record.recipient);
      continue;
    }
    // A call in flight when the relay stopped may have been accepted; its
    // status webhooks, retried by Meta while the relay was down, get a full
    // grace period from now to say so before it is sent again.
    if (record.state == OutboxState::in_flight) {
      record.next_attempt_ms = std::max(record.next_attempt_ms, now() + policy_.in_doubt_grace_ms);
    }
    enqueue(record);
  }
  if (!open.empty()) log::info("outbox restored", {{"rows", open.size()}});
  pump();
  if (config_.store_on_postgres()) arm_sweep();
}

void OutboxWorker::stop() {
  stopped_ = true;
  timer_.cancel();
  probe_timer_.cancel();
  sweep_timer_.cancel();
}

void OutboxWorker::arm_sweep(std::chrono::milliseconds after) {
  sweep_timer_.expires_after(after);
  sweep_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec && !stopped_) sweep();
  });
}

void OutboxWorker::sweep() {
  sweeping_ = true;
  auto holds_before = scheduler_.holds_made();
  service_.read<std::vector<OutboxRecord>>([](StoreTx& tx) { return tx.outbox().open(); },
                                           [this, holds_before](Outcome<std::vector<OutboxRecord>> read) {
                                             sweeping_ = false;
                                             if (stopped_) return;
                                             if (auto* rows = std::get_if<std::vector<OutboxRecord>>(&read)) {
                                               release_unparked(*rows, holds_before);
                                               schedule_unknown(*rows);
                                             }
                                             if (std::exchange(sweep_again_, false)) sweep();
                                             else arm_sweep();
                                           });
}

void OutboxWorker::sweep_now() {
  if (stopped_) return;
  if (sweeping_) {
    // What it reads may predate the news: one more after it.
    sweep_again_ = true;
    return;
  }
  sweep_timer_.cancel();
  sweep();
}

void OutboxWorker::work_for(std::string_view recipient) {
  log::debug("outbox work from another relay", {{"recipient", std::string(recipient)}});
  sweep_now();
}

void OutboxWorker::members_changed() {
  auto& hub = service_.hub();
  auto relays = hub.relays();
  scheduler_.set_rate(static_cast<double>(config_.graph_rate_per_second) / static_cast<double>(relays), now());
  auto left = scheduler_.let_go([&hub](const std::string& recipient) { return hub.owns(recipient); });
  log::info("relays of the cluster changed: the outbox's lanes are shared again",
            {{"relays", relays}, {"rows_let_go", left}});
  sweep_now();
  pump();
}

void OutboxWorker::schedule_unknown(const std::vector<OutboxRecord>& open) {
  std::size_t added = 0;
  for (const auto& record : open) {
    // Parked rows wait for their recipient's message, which the relay that
    // receives it releases.
    if (record.state == OutboxState::awaiting_window || scheduler_.contains(record.id)) continue;
    if (!service_.hub().owns(record.recipient)) continue;
    // In flight: the claim runs out at next_attempt_ms; if the relay that
    // made it has not settled it by then, this one may. As after a single
    // relay's restart (start()), not before a full grace period from this
    // relay's start: if the whole cluster was down, the call's status
    // webhooks, which Meta retried meanwhile, need that long to come.
    if (record.state == OutboxState::in_flight) {
      auto taken_over = record;
      taken_over.next_attempt_ms = std::max(record.next_attempt_ms, started_ms_ + policy_.in_doubt_grace_ms);
      enqueue(taken_over);
    } else {
      enqueue(record);
    }
    ++added;
  }
  if (added == 0) return;
  outbox_metrics().swept.inc(added);
  log::debug("outbox rows found by the sweep", {{"rows", added}});
  pump();
}

void OutboxWorker::release_unparked(const std::vector<OutboxRecord>& open, std::uint64_t holds_before) {
  std::set<std::string_view> parked;
  for (const auto& record : open) {
    if (record.state == OutboxState::awaiting_window) parked.insert(record.recipient);
  }
  auto released = scheduler_.release_unparked(
      holds_before, [&parked](const std::string& recipient) { return parked.contains(recipient); });
  if (released > 0) log::debug("lanes released by another relay", {{"lanes", released}});
}

void OutboxWorker::enqueue(const OutboxRecord& record) {
  scheduler_.enqueue(OutboxJob{record.id, record.recipient, record.kind == OutboxKind::template_message},
                     record.next_attempt_ms);
}

void OutboxWorker::apply(const Effects& effects) {
  if (effects.account_trouble) account_failed(*effects.account_trouble);
  for (auto id : effects.finished) scheduler_.finish(id);
  auto& hub = service_.hub();
  // A late failure heard by a relay that does not own the lane parks the
  // row; the hold is the owner's to make, when its own next call finds the
  // window closed. Held here, the lane would never be forgotten.
  for (const auto& recipient : effects.hold) {
    if (hub.owns(recipient)) scheduler_.hold(recipient);
  }
  // Work for lanes another relay of the cluster looks after goes to it, once per recipient.
  std::set<std::string_view> told;
  auto tell_owner = [&](const std::string& recipient) {
    if (told.insert(recipient).second) hub.work_for(recipient);
  };
  for (const auto& recipient : effects.release) {
    if (hub.owns(recipient)) scheduler_.release(recipient);
    else tell_owner(recipient);
  }
  for (const auto& record : effects.enqueue) {
    if (hub.owns(record.recipient)) enqueue(record);
    else tell_owner(record.recipient);
  }
  for (const auto& [id, at] : effects.retry) scheduler_.retry_at(id, at);
  for (const auto& [recipient, until] : effects.pause_recipient) scheduler_.pause_recipient(recipient, until);
  if (effects.pause_all_until_ms > 0) scheduler_.pause_all(effects.pause_all_until_ms);
  pump();
}

void OutboxWorker::pump() {
  if (stopped_) return;
  auto t = now();
  // No account yet (none in the flags, none set on the admin page): a call
  // would only fail as the account's fault. Rows wait; a look each second
  // finds the account once an admin sets it.
  if (!config_.whatsapp_configured()) {
    outbox_metrics().queued.set(static_cast<std::int64_t>(scheduler_.queued()));
    if (timer_due_ms_ && *timer_due_ms_ <= t + 1000) return;
    timer_due_ms_ = t + 1000;
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([this, due = t + 1000](boost::system::error_code ec) {
      if (timer_due_ms_ == due) timer_due_ms_.reset();
      if (!ec) pump();
    });
    return;
  }
  auto state = health_.state();
  if (state == AccountHealth::State::blocked) {
    // Every row stays queued; the probe wakes the outbox when it can send.
    outbox_metrics().queued.set(static_cast<std::int64_t>(scheduler_.queued()));
    arm_probe();
    return;
  }
  if (state == AccountHealth::State::trial) {
    // One message proves the account works before the rest follow it; its
    // answer pumps again, so no timer is needed while it is out.
    if (!trial_out_) {
      if (auto job = scheduler_.next(t)) {
        trial_out_ = true;
        dispatch(*job);
      }
    }
    if (trial_out_) {
      outbox_metrics().queued.set(static_cast<std::int64_t>(scheduler_.queued()));
      return;
    }
  } else {
    while (auto job = scheduler_.next(t)) dispatch(*job);
  }
  outbox_metrics().queued.set(static_cast<std::int64_t>(scheduler_.queued()));

  auto wake = scheduler_.next_wakeup(t);
  if (!wake || (timer_due_ms_ && *timer_due_ms_ <= *wake)) return;
  timer_due_ms_ = *wake;
  timer_.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(*wake - t, 1)));
  timer_.async_wait([this, due = *wake](boost::system::error_code ec) {
    // A wait cancelled by a re-arm must not forget the newer wait's time.
    if (timer_due_ms_ == due) timer_due_ms_.reset();
    if (!ec) pump();
  });
}

void OutboxWorker::dispatch(const OutboxJob& job) {
  service_.run<SendClaim>([id = job.id, policy = policy_](SessionLog& log) { return claim_send_tx(log, id, policy); },
                          [this, id = job.id](Outcome<SendClaim> outcome) {
                            if (auto* claim = std::get_if<SendClaim>(&outcome); claim && claim->send) {
                              send(*claim);
                              return;
                            }
                            trial_out_ = false;  // nothing went: another row may prove the account
                            // Not sending: the claim's effects settled the row,
                            // another relay has it in flight (looked at again
                            // when its claim runs out), or the store failed
                            // and it is tried again later.
                            if (std::holds_alternative<Refusal>(outcome)) scheduler_.retry_at(id, now() + 5000);
                            else if (auto busy = std::get<SendClaim>(outcome).busy_until_ms) {
                              scheduler_.retry_at(id, busy);
                            }
                            pump();
                          });
}

const std::string& OutboxWorker::template_name(const OutboxRecord& record) const {
  // The visitor's first message from the business is its own template.
  return record.purpose == OutboxPurpose::continue_chat ? config_.continue_template
         : record.purpose == OutboxPurpose::call        ? config_.call_template
                                                        : config_.template_name;
}

std::string OutboxWorker::request_body(const SendClaim& claim) const {
  auto to = recipient_from_key(claim.record.recipient);
  auto callback = std::string(callback_prefix) + std::to_string(claim.record.id);
  if (claim.record.kind == OutboxKind::template_message) {
    return template_message_body(to, template_name(claim.record), config_.template_language, claim.record.body,
                                 callback);
  }
  if (claim.record.kind == OutboxKind::accept_button) {
    return button_message_body(to, claim.record.body, std::string(accept_button_prefix) + claim.record.session_id,
                               "Accept", callback);
  }
  if (claim.record.kind == OutboxKind::rating_list) {
    return rating_list_body(to, claim.record.body, rating_row_prefix(claim.record.message_id), callback);
  }
  if (claim.record.kind == OutboxKind::reaction) {
    return reaction_message_body(to, claim.record.about_wamid, claim.record.body, callback);
  }
  return text_message_body(to, claim.record.body, callback, claim.record.about_wamid);
}

void OutboxWorker::send(const SendClaim& claim) {
  if (claim.record.kind == OutboxKind::media) {
    send_file(claim);
    return;
  }
  post(claim.record, request_body(claim));
}

void OutboxWorker::post(const OutboxRecord& record, std::string body) {
  auto started = std::chrono::steady_clock::now();
  outbox_metrics().calls.inc();
  // A copy stays for the console: what was sent, beside what came back.
  graph_.send_message(body, [this, record, started, request = body](GraphResult result) {
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    outbox_metrics().call_seconds.observe(seconds.count());
    auto outcome = classify(result);
    auto kept = kept_calls_.keep(graph_call_body(request, result.http_status, result.body), now());
    report_graph_call(record, result, outcome, seconds.count() * 1000.0, kept);
    note_template_trouble(record, outcome);
    settle(record, outcome);
  });
}

void OutboxWorker::settle(const OutboxRecord& record, const SendOutcome& outcome) {
  auto id = record.id;
  outbox_metrics().outcome(outcome_name(outcome.kind)).inc();
  judge_account(outcome);
  if (outcome.kind != SendOutcome::Kind::accepted) {
    log::warn("whatsapp send not accepted", {{"outbox_id", id},
                                             {"purpose", to_string(record.purpose)},
                                             {"outcome", outcome_name(outcome.kind)},
                                             {"code", outcome.code},
                                             {"detail", outcome.description}});
  }
  double unit = std::uniform_real_distribution<double>(0.0, 1.0)(jitter_);
  service_.run<bool>(
      [id, outcome, policy = policy_, unit](SessionLog& log) {
        record_send_outcome_tx(log, id, outcome, policy, unit);
        return true;
      },
      [this, id](Outcome<bool> stored) {
        if (std::holds_alternative<Refusal>(stored)) scheduler_.retry_at(id, now() + 5000);
        pump();
      });
}

void OutboxWorker::account_failed(const AccountTrouble& trouble) {
  trial_out_ = false;
  auto opened = health_.account_failed(trouble.code, trouble.description, now());
  if (opened == AccountHealth::Opened::again) {
    // The same outage back (say, a payment problem Meta reports only in
    // later statuses): said already; the probes wait longer each time.
    log::warn("whatsapp account failed again soon after it seemed to work: waiting longer before trying",
              {{"code", trouble.code}, {"detail", trouble.description}});
    account_can_send_gauge().set(0);
    service_.broadcast_availability_if_changed();
  }
  if (opened == AccountHealth::Opened::yes) {
    log::error("whatsapp account cannot send: the outbox keeps every message and stops until a probe says it can",
               {{"code", trouble.code}, {"detail", trouble.description}});
    account_can_send_gauge().set(0);
    admin_feed().emit("whatsapp_account", "",
                      {{"state", "blocked"}, {"code", trouble.code}, {"title", trouble.description}}, now());
    // Live agents are no longer offered to new chats, and the chats that
    // have one are told that what they write waits.
    service_.broadcast_availability_if_changed();
    service_.run<std::size_t>(
        [&agents = service_.agents()](SessionLog& log) { return tell_chats_whatsapp_unreachable_tx(log, agents); },
        [](Outcome<std::size_t> told) {
          if (auto* chats = std::get_if<std::size_t>(&told))
            log::info("chats told that whatsapp cannot reach the team", {{"chats", *chats}});
        });
  }
  arm_probe();
}

void OutboxWorker::account_works() {
  log::info("whatsapp account can send again: the outbox resumes", {{"queued", scheduler_.queued()}});
  account_can_send_gauge().set(1);
  admin_feed().emit("whatsapp_account", "", {{"state", "healthy"}}, now());
  service_.broadcast_availability_if_changed();
}

void OutboxWorker::judge_account(const SendOutcome& outcome) {
  using Kind = SendOutcome::Kind;
  trial_out_ = false;
  // An answer that is about the message (accepted, or refused for its own
  // reasons) shows that the account works; an account error opens the
  // circuit (through the outcome's transaction); no answer proves nothing.
  if (outcome.kind == Kind::account || outcome.kind == Kind::retry || outcome.kind == Kind::in_doubt) return;
  if (health_.message_accepted(now())) account_works();
}

void OutboxWorker::note_template_trouble(const OutboxRecord& record, const SendOutcome& outcome) {
  if (record.kind != OutboxKind::template_message) return;
  // 132015: the template is paused for low quality; 132016: disabled.
  if (outcome.code == 132015) health_.template_status(template_name(record), "PAUSED", outcome.description);
  if (outcome.code == 132016) health_.template_status(template_name(record), "DISABLED", outcome.description);
  if (outcome.kind == SendOutcome::Kind::accepted) health_.template_status(template_name(record), "APPROVED", "");
}

void OutboxWorker::arm_probe() {
  if (probe_armed_ || probe_out_ || stopped_) return;
  probe_armed_ = true;
  // At most a second apart: an admin who fixed the token asks for a probe at
  // once (AccountHealth::probe_now), and this sees it within that second.
  auto wait = std::clamp<std::int64_t>(health_.next_probe_ms() - now(), 0, 1000);
  probe_timer_.expires_after(std::chrono::milliseconds(wait));
  probe_timer_.async_wait([this](boost::system::error_code ec) {
    probe_armed_ = false;
    if (!ec) probe();
  });
}

void OutboxWorker::probe() {
  if (stopped_ || health_.state() != AccountHealth::State::blocked) return;
  if (now() < health_.next_probe_ms()) {
    arm_probe();
    return;
  }
  probe_out_ = true;
  // The read "Test the connection" makes: harmless, and it fails with the
  // same 190 while the token is dead.
  graph_.read_phone_number([this](GraphResult result) {
    probe_out_ = false;
    if (stopped_) return;
    if (result.transport == GraphResult::Transport::answered && result.http_status == 200) {
      // A trial needs a row that can go now, not one waiting for a window.
      bool sendable = scheduler_.next_wakeup(now()).has_value();
      if (health_.probe_worked(sendable, now())) account_works();
      else log::info("whatsapp account answers again: one message goes first to prove it can send");
    } else {
      health_.probe_failed(now());
      auto outcome = classify(result);
      log::warn("whatsapp account probe failed", {{"code", outcome.code}, {"detail", outcome.description}});
    }
    pump();
  });
}

}  // namespace baton
