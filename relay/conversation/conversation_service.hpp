#pragma once
// The conversation hub: the event loop's entry point for everything that
// changes a conversation. Each change is a transaction on the store; once it
// has committed, its Effects are carried out here: frames fan out to every
// subscriber of the session, outbox rows go to the WhatsApp worker, and the
// assistant is asked to answer.
//
// Runs on the event loop's single thread; nothing here is locked.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/random_source.hpp"
#include "relay/assistant/assistant.hpp"
#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/handoff/callback.hpp"
#include "relay/conversation/handoff/modes.hpp"
#include "relay/conversation/inbound_transactions.hpp"
#include "relay/conversation/privacy.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/conversation/widget_look.hpp"
#include "relay/conversation/work_queues.hpp"
#include "relay/core/abuse_limits.hpp"
#include "relay/core/clock.hpp"
#include "relay/core/config.hpp"
#include "relay/core/refusal.hpp"
#include "relay/core/response_memory.hpp"
#include "relay/hub/hub.hpp"
#include "relay/store/blob_store.hpp"
#include "relay/store/store.hpp"
#include "relay/whatsapp/account_health.hpp"

namespace baton {

class AssistantRunner;

template <class T>
using Outcome = std::variant<T, Refusal>;

// Where the settings this service keeps in force are stored (the settings
// table's keys; the agents' is agent_list.hpp's agents_setting_key).
inline constexpr std::string_view hours_keys[] = {"hours", "time_zone", "holidays"};
inline constexpr std::string_view retention_key = "retention_days";
inline constexpr std::string_view look_key = "widget_look";

// Business hours as an admin sees and sets them (docs/availability.md).
struct HoursSetting {
  std::string hours;      // "mon-fri 09:00-17:00", "24/7"
  std::string time_zone;  // IANA
  std::string holidays;   // "2026-12-25,2027-01-01"
};

// The live-stream frame that says `now`.
AvailabilityChange availability_frame(const Availability& now);

class ConversationService {
 public:
  ConversationService(const Config& config, Store& store, Hub& hub, Assistant& assistant, RandomSource& random,
                      const Clock& clock);
  ~ConversationService();

  void attach_outbox(OutboxQueue* worker) { outbox_ = worker; }
  void attach_mail(MailQueue* worker) { mail_ = worker; }
  void attach_media(MediaQueue* worker) { media_ = worker; }
  void attach_signals(VisitorSignals* signals) { signals_ = signals; }
  // The tab showed entries up to `seq`, or its visitor types: passed on.
  void visitor_saw(const std::string& session_id, std::uint64_t seq) {
    if (signals_) signals_->seen(session_id, seq);
  }
  void visitor_typing(const std::string& session_id) {
    if (signals_) signals_->typing(session_id);
  }

  // Runs `work` in a store transaction; after the commit, carries out its
  // effects, then calls `done`. Refused thrown by `work` becomes its error.
  template <class T>
  void run(std::function<T(SessionLog&)> work, std::function<void(Outcome<T>)> done);
  // Runs `work` on one snapshot of committed data (Store::read), then `done`
  // on the event loop with what it returned; a failed read is
  // storage_unavailable. `work` must not touch the service's state.
  template <class T>
  void read(std::function<T(StoreTx&)> work, std::function<void(Outcome<T>)> done);

  void create_session(VisitorContext context, std::string origin, std::function<void(Outcome<CreatedSession>)> done);
  void post_visitor_message(std::string session_id, std::string cid, std::string text, std::string attachment_id,
                            std::function<void(Outcome<PostedMessage>)> done);
  // Attachments (docs/attachments.md). Upload: checks and keeps a visitor's
  // file (Refusals as store_upload_tx). Read: the bytes of a file a
  // message of this chat carries; nullopt when there is none.
  void upload_attachment(std::string session_id, std::string bytes, std::string file_name,
                         std::function<void(Outcome<Attachment>)> done);
  // A file is read only when response_memory has room for it; else the
  // refusal is `busy` (503, Retry-After: 1).
  struct ReadFile {
    Attachment shown;
    std::string bytes;
    response_memory::Reservation room;  // until the answer carrying it is made
  };
  void read_attachment(std::string session_id, std::string attachment_id,
                       std::function<void(Outcome<std::optional<ReadFile>>)> done);
  // Removes uploads nobody sent and files nobody keeps (run on a timer).
  void sweep_attachments() { sweep_attachments_after(0); }
  void attach_blobs(BlobStore* blobs) { blobs_ = blobs; }
  BlobStore& blobs() { return *blobs_; }
  void start_new_conversation(std::string session_id, std::function<void(Outcome<SessionRecord>)> done);
  // `address` is the asker's limit key (relay/core/address_range.hpp).
  void request_handoff(std::string session_id, std::string address, HandoffRequest request,
                       std::function<void(Outcome<HandoffState>)> done);
  void apply_webhook(WebhookBatch batch, std::function<void(Outcome<WebhookTally>)> done);
  // Call-backs: the visitor cancels their chat's call, an admin any call.
  void cancel_call(std::string session_id, std::function<void(Outcome<CallRecord>)> done);
  void cancel_call_by_admin(std::int64_t call_id, std::function<void(Outcome<CallRecord>)> done);
  // Reminds agents of calls starting within 10 minutes (run on a timer).
  void remind_due_calls();
  // Privacy (relay/conversation/privacy.hpp): erases every chat of one
  // visitor, answering with their ids; erases chats untouched for
  // --retention-days (run on a timer).
  void erase_visitor(VisitorSelector who, std::function<void(Outcome<std::vector<std::string>>)> done);
  // An admin's purge of what is queued for WhatsApp, for one chat or to one
  // recipient (relay/conversation/delivery_transactions.hpp).
  void cancel_queued(std::string session_id, std::string recipient, std::function<void(Outcome<std::size_t>)> done);
  void expire_old_chats();
  // Call-back slots free in the next `days` days, as a read computes them.
  std::function<std::vector<CallSlot>(StoreTx&)> slots_reader(int days) const;
  // Business hours: what is in force and whether an admin set it. Setting
  // stores them (they outlast a restart) and applies them at once; nullopt
  // goes back to the flags. Refusal invalid_hours names the problem.
  const HoursSetting& business_hours() const { return hours_setting_; }
  bool business_hours_from_admin() const { return hours_from_admin_; }
  void set_business_hours(std::optional<HoursSetting> setting, std::function<void(Outcome<HoursSetting>)> done);
  // How long chats with nothing new are kept (0: for ever), from
  // --retention-days or the admin page (retention_setting.cpp): setting it
  // stores it, applies it at once and erases what is now past it; nullopt
  // goes back to the flag. More than max_retention_days is refused.
  static constexpr std::uint32_t max_retention_days = 3650;
  std::uint32_t retention_days() const { return retention_days_; }
  bool retention_from_admin() const { return retention_from_admin_; }
  void set_retention_days(std::optional<std::uint32_t> days, std::function<void(Outcome<std::uint32_t>)> done);
  // The agents, from --agents or the admin page (agents_setting.cpp):
  // setting them stores them and applies them at once; nullopt goes back to
  // the flag. An agent who holds chats or booked calls keeps their number
  // until those are over (Refusal agent_busy says which); without the Cloud
  // API's credentials nobody can be reached (whatsapp_not_configured).
  bool agents_from_admin() const { return agents_from_admin_; }
  // The widget's look and words from the admin page (widget_look.hpp):
  // stored, and applied to new chats' greeting and the ways offered at once;
  // nullopt: the relay's own.
  const std::optional<WidgetLook>& widget_look() const { return look_; }
  void set_widget_look(std::optional<WidgetLook> look, std::function<void(Outcome<bool>)> done);
  // Stores one admin setting in a transaction of its own; an empty value
  // erases it (SettingsTable::put_or_erase). Once stored, the cluster's
  // other relays are told to read it again (Hub::setting_changed).
  void save_setting(std::string key, std::string value, std::function<void(Outcome<bool>)> done);
  // The business hours, the retention, the agents and the widget's look as
  // stored: another relay of the cluster changed one of them
  // (relay/app/settings_reload.hpp). Put in force as at start, or back to
  // the flags where nothing is stored; the widgets hear what changed.
  static std::span<const std::string_view> setting_keys();
  void reload_settings(SettingsTable& settings);
  // WhatsApp was set up, changed or removed on the admin page: the agents
  // can be reached, or not, from now on.
  void whatsapp_changed();
  // The e-mail fallback was set up, changed or removed on the admin page:
  // visitors are offered it, or not, from now on.
  void mail_changed();
  void set_agents(std::optional<std::vector<AgentConfig>> agents,
                  std::function<void(Outcome<std::vector<AgentConfig>>)> done);

  // Reads of committed data.
  // The session a bearer token opens, if any.
  void find_session_by_token(std::string_view token, std::function<void(Outcome<std::optional<SessionRecord>>)> done);
  // Reads on the event loop's thread: only at start-up, before the loop
  // runs (the outbox restores its rows); everything else uses read().
  StoreTx& startup_reader() { return store_.reader(); }
  // Who is available and which ways are offered, as a read computes it: the
  // function holds what it needs (agents, hours, call settings, the time),
  // so it runs wherever the read runs.
  std::function<Availability(StoreTx&)> availability_reader() const;
  // Tells every open tab when availability differs from what it was last
  // told. Run after changes and on a timer (windows close, hours end).
  void broadcast_availability_if_changed();
  // Offers the other ways to visitors who waited --queue-timeout-s for an agent.
  void offer_after_long_waits();
  // Tells each waiting chat's tabs where it stands, when that changed.
  void publish_queue_positions();

  Hub& hub() { return hub_; }
  const Clock& clock() const { return clock_; }
  const Config& config() const { return config_; }
  const AgentDirectory& agents() const { return agents_; }
  // How often one address or chat may do what; asked by the API and the
  // live stream before they act.
  AbuseLimits& limits() { return limits_; }
  // Whether the WhatsApp account can send (the outbox worker keeps it):
  // while it cannot, live agents are not offered.
  AccountHealth& whatsapp_health() { return whatsapp_health_; }
  const AccountHealth& whatsapp_health() const { return whatsapp_health_; }

 private:
  // One batch of the sweep, then the next while a batch was full.
  void sweep_attachments_after(std::size_t removed_so_far);
  void carry_out(Effects&& effects);
  static void effects_failed(const std::exception& error);
  // What start and reload_settings read: each goes back to the flags where
  // nothing is stored.
  void restore_settings(SettingsTable& settings);
  void restore_business_hours(SettingsTable& settings);
  void restore_retention(SettingsTable& settings);
  void restore_agents(SettingsTable& settings);
  void restore_widget_look(SettingsTable& settings);
  void offer_to_overdue();
  void handoff_with_gist(std::string session_id, std::string address, HandoffRequest request, ModelSummary gist,
                         std::function<void(Outcome<HandoffState>)> done);
  static Refusal describe_failure(std::exception_ptr error);
  HandoffSetup handoff_setup() const;

  const Config& config_;
  Store& store_;
  Hub& hub_;
  Assistant& assistant_;
  RandomSource& random_;
  const Clock& clock_;
  AgentDirectory agents_;
  AbuseLimits limits_;
  AccountHealth whatsapp_health_;
  CallSettings call_settings_;
  HoursSetting hours_setting_;
  bool hours_from_admin_ = false;
  std::uint32_t retention_days_ = 0;
  bool retention_from_admin_ = false;
  bool agents_from_admin_ = false;
  std::optional<WidgetLook> look_;
  std::optional<std::vector<AgentConfig>> admin_agents_;  // as stored, whether or not WhatsApp is set up
  OutboxQueue* outbox_ = nullptr;
  MailQueue* mail_ = nullptr;
  BlobStore* blobs_ = nullptr;
  MediaQueue* media_ = nullptr;
  VisitorSignals* signals_ = nullptr;
  std::map<std::string, QueueUpdate> last_positions_;
  std::optional<AvailabilityChange> last_broadcast_;
  std::unique_ptr<AssistantRunner> runner_;
};

template <class T>
void ConversationService::run(std::function<T(SessionLog&)> work, std::function<void(Outcome<T>)> done) {
  struct Shared {
    Effects effects;
    std::optional<T> result;
  };
  auto shared = std::make_shared<Shared>();
  auto now = clock_.now_ms();
  store_.write(
      [shared, work = std::move(work), now, &random = random_](StoreTx& tx) {
        // A store may run the work again after undoing it (a conflict with
        // another relay's transaction): what a first run noted is void.
        shared->effects = Effects{};
        SessionLog log(tx, random, shared->effects, now);
        shared->result.emplace(work(log));
      },
      [this, shared, done = std::move(done)](std::exception_ptr error) {
        if (error) {
          done(describe_failure(error));
          return;
        }
        // Committed: the caller is answered even if an effect fails
        // (carry_out runs and catches each effect on its own).
        carry_out(std::move(shared->effects));
        done(std::move(*shared->result));
      });
}

template <class T>
void ConversationService::read(std::function<T(StoreTx&)> work, std::function<void(Outcome<T>)> done) {
  auto result = std::make_shared<std::optional<T>>();
  store_.read([result, work = std::move(work)](StoreTx& tx) { result->emplace(work(tx)); },
              [result, done = std::move(done)](std::exception_ptr error) {
                if (error) {
                  done(describe_failure(error));
                  return;
                }
                done(std::move(**result));
              });
}

}  // namespace baton
