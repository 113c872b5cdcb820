#include "relay/conversation/conversation_service.hpp"

#include "relay/conversation/agent_list.hpp"
#include "relay/conversation/assistant_runner.hpp"
#include "relay/conversation/attachment_transactions.hpp"
#include "relay/conversation/delivery_transactions.hpp"
#include "relay/conversation/feed_reports.hpp"
#include "relay/conversation/handoff/live.hpp"
#include "relay/conversation/handoff/modes.hpp"
#include "relay/conversation/queue_positions.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/core/crypto.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/mail/mail_message.hpp"

namespace baton {
namespace {

// The domain of the sender's address, for Message-IDs.
std::string mail_domain(const std::string& from) {
  auto address = bare_address(from);
  auto at = address.rfind('@');
  return at == std::string::npos ? "baton.invalid" : address.substr(at + 1);
}

CallSettings make_call_settings(const Config& config) {
  CallSettings settings;
  settings.rules.length_ms = static_cast<std::int64_t>(config.call_minutes) * 60 * 1000;
  settings.rules.notice_ms = static_cast<std::int64_t>(config.call_notice_minutes) * 60 * 1000;
  settings.business_time_zone = config.time_zone;
  if (config.mail_configured()) {
    settings.mail = MailSettings{config.smtp_from, config.support_email, mail_domain(config.smtp_from)};
  }
  return settings;
}

// The business hours the flags set: in force until an admin sets others.
HoursSetting flags_hours(const Config& config) { return HoursSetting{config.hours, config.time_zone, config.holidays}; }

// Throws std::invalid_argument naming the problem. Even 24/7 has a zone:
// call-back slots line up on its local midnight.
std::optional<BusinessHours> parse_hours(const HoursSetting& setting) {
  return BusinessHours::parse(setting.hours, setting.time_zone, setting.holidays);
}

AgentDirectory make_directory(const Config& config) {
  // Without Cloud API credentials no agent can be reached.
  auto agents = config.whatsapp_configured() ? config.agents : std::vector<AgentConfig>{};
  std::optional<BusinessHours> hours;
  try {
    hours = parse_hours(flags_hours(config));
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("--hours/--time-zone/--holidays: ") + e.what());
  }
  AgentDirectory directory(std::move(agents), config.agent_capacity, std::move(hours));
  directory.set_assistant_resumes(config.assistant_after_end == "resume");
  return directory;
}

}  // namespace

ConversationService::ConversationService(const Config& config, Store& store, Hub& hub, Assistant& assistant,
                                         RandomSource& random, const Clock& clock)
    : config_(config),
      store_(store),
      hub_(hub),
      assistant_(assistant),
      random_(random),
      clock_(clock),
      agents_(make_directory(config)),
      limits_(config.rates),
      call_settings_(make_call_settings(config)),
      hours_setting_(flags_hours(config)),
      runner_(std::make_unique<AssistantRunner>(*this, assistant)) {
  restore_settings(store_.reader().settings());
}

std::span<const std::string_view> ConversationService::setting_keys() {
  static constexpr std::string_view keys[] = {hours_keys[0], hours_keys[1],      hours_keys[2],
                                              retention_key, agents_setting_key, look_key};
  return keys;
}

void ConversationService::restore_settings(SettingsTable& settings) {
  restore_business_hours(settings);
  restore_retention(settings);
  restore_agents(settings);
  restore_widget_look(settings);
}

void ConversationService::reload_settings(SettingsTable& settings) {
  restore_settings(settings);
  // Puts the agents in force and tells the widgets what they may now offer.
  whatsapp_changed();
}

void ConversationService::restore_business_hours(SettingsTable& settings) {
  auto hours = settings.get(hours_keys[0]);
  if (!hours && hours_from_admin_) {
    // Cleared on another relay: back to the flags, as checked at start.
    hours_setting_ = flags_hours(config_);
    agents_.set_hours(parse_hours(hours_setting_));
    hours_from_admin_ = false;
    call_settings_.business_time_zone = hours_setting_.time_zone;
  }
  if (!hours) return;
  HoursSetting stored{*hours, settings.get(hours_keys[1]).value_or("UTC"), settings.get(hours_keys[2]).value_or("")};
  try {
    agents_.set_hours(parse_hours(stored));
  } catch (const std::invalid_argument& e) {
    // A time zone this machine's tz database no longer has, say: the flags hold.
    log::warn("stored business hours unusable, using the configured ones", {{"error", e.what()}});
    return;
  }
  hours_setting_ = std::move(stored);
  hours_from_admin_ = true;
  call_settings_.business_time_zone = hours_setting_.time_zone;
}

void ConversationService::mail_changed() {
  call_settings_.mail = make_call_settings(config_).mail;
  broadcast_availability_if_changed();
}

void ConversationService::set_business_hours(std::optional<HoursSetting> setting,
                                             std::function<void(Outcome<HoursSetting>)> done) {
  bool from_admin = setting.has_value();
  auto chosen = setting.value_or(flags_hours(config_));
  std::optional<BusinessHours> parsed;
  try {
    parsed = parse_hours(chosen);
  } catch (const std::invalid_argument& e) {
    done(Refusal{RefusalKind::invalid, "invalid_hours", e.what()});
    return;
  }
  run<HoursSetting>(
      [chosen, from_admin](SessionLog& log) {
        auto& settings = log.tx().settings();
        if (from_admin) {
          for (auto [key, value] :
               {std::pair{hours_keys[0], &chosen.hours}, std::pair{hours_keys[1], &chosen.time_zone},
                std::pair{hours_keys[2], &chosen.holidays}}) {
            settings.put(key, *value, log.now_ms());
          }
        } else {
          for (auto key : hours_keys) settings.erase(key);
        }
        return chosen;
      },
      [this, parsed = std::move(parsed), from_admin, done = std::move(done)](Outcome<HoursSetting> outcome) mutable {
        if (auto* saved = std::get_if<HoursSetting>(&outcome)) {
          // Stored first, then in force: a failed write changes nothing.
          agents_.set_hours(std::move(parsed));
          hours_setting_ = *saved;
          hours_from_admin_ = from_admin;
          call_settings_.business_time_zone = saved->time_zone;
          broadcast_availability_if_changed();
          hub_.setting_changed(hours_keys[0]);
        }
        done(std::move(outcome));
      });
}

void ConversationService::save_setting(std::string key, std::string value, std::function<void(Outcome<bool>)> done) {
  // Both steps need the key: copied into the first before the second takes
  // it (the order in which a call's arguments are made is unspecified).
  auto store = [key, value = std::move(value)](SessionLog& log) {
    log.tx().settings().put_or_erase(key, value, log.now_ms());
    return true;
  };
  run<bool>(std::move(store), [this, key = std::move(key), done = std::move(done)](Outcome<bool> outcome) {
    if (std::holds_alternative<bool>(outcome)) hub_.setting_changed(key);
    done(std::move(outcome));
  });
}

ConversationService::~ConversationService() = default;

Refusal ConversationService::describe_failure(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Refused& failure) {
    return failure.refusal();
  } catch (const std::exception& e) {
    log::error("transaction failed", {{"error", e.what()}});
  }
  return Refusal{RefusalKind::unavailable, "storage_unavailable",
                 "the relay could not store this; nothing was saved, please retry"};
}

void ConversationService::effects_failed(const std::exception& error) {
  metrics::registry()
      .counter("baton_effects_failures_total", "Committed changes whose fan-out or follow-up failed")
      .inc();
  log::error("effects of a committed change failed", {{"error", error.what()}});
}

void ConversationService::carry_out(Effects&& effects) {
  // Each part on its own: one that throws must not keep the others from
  // hearing of the commit. The outbox above all, since a row it is not told
  // has finished stays in flight, and its recipient's lane with it.
  auto step = [](auto&& part) {
    try {
      part();
    } catch (const std::exception& e) {
      effects_failed(e);
    }
  };
  auto now = clock_.now_ms();
  auto& feed = admin_feed();
  for (auto& published : effects.frames) {
    step([&] {
      auto& [session_id, frame] = published;
      if (auto* change = std::get_if<StateChange>(&frame)) {
        runner_->on_state_change(session_id, change->state);
        // The agent's picture goes with their name, from one place: the settings.
        if (const auto agent = agents_.find_by_name(change->agent_name); agent && !change->agent_name.empty()) {
          change->agent_photo = agent->photo;
        }
      }
      auto shared = make_frame(std::move(frame));
      hub_.publish(session_id, shared);
      report_published(feed, session_id, shared->frame(), hub_.subscribers(session_id), now);
    });
  }
  step([&] {
    report_outbox_changes(feed, effects, now);
    report_call_changes(feed, effects, now);
  });
  step([&] {
    if (effects.mail_queued && mail_) mail_->poke();
  });
  step([&] {
    if (effects.media_fetch_queued && media_) media_->poke();
  });
  step([&] { count_success_metrics(effects); });
  step([&] {
    if (!effects.agents_renumbered) return;
    // Stored with the change: the list is the admin's from now on.
    admin_agents_ = *effects.agents_renumbered;
    agents_from_admin_ = true;
    agents_.set_agents(*effects.agents_renumbered);
    hub_.setting_changed(agents_setting_key);
  });
  step([&] {
    if (!effects.availability_may_change) return;
    broadcast_availability_if_changed();
    publish_queue_positions();
  });
  step([&] {
    if (outbox_) outbox_->apply(effects);
  });
  // The turn reads what it needs and logs its own failures: the
  // transaction's caller hears of the commit either way.
  for (const auto& turn : effects.assistant_turns) {
    step([&] { runner_->on_visitor_message(turn); });
  }
}

void ConversationService::create_session(VisitorContext context, std::string origin,
                                         std::function<void(Outcome<CreatedSession>)> done) {
  // Worked out here, on the event loop, where an admin may change it.
  auto greeting = look_ && !look_->greeting.empty() ? look_->greeting : greeting_for(config_, widget_language(context));
  run<CreatedSession>(
      [this, context = std::move(context), origin = std::move(origin),
       greeting = std::move(greeting)](SessionLog& log) mutable {
        return create_session_tx(log, random_, std::move(context), std::move(origin), assistant_.name(), greeting);
      },
      [this, done = std::move(done)](Outcome<CreatedSession> outcome) {
        if (auto* created = std::get_if<CreatedSession>(&outcome)) {
          report_session_created(admin_feed(), created->session, clock_.now_ms());
        }
        done(std::move(outcome));
      });
}

void ConversationService::post_visitor_message(std::string session_id, std::string cid, std::string text,
                                               std::string attachment_id,
                                               std::function<void(Outcome<PostedMessage>)> done) {
  run<PostedMessage>(
      [session_id = std::move(session_id), cid = std::move(cid), text = std::move(text),
       attachment_id = std::move(attachment_id)](SessionLog& log) {
        return post_visitor_message_tx(log, session_id, cid, text, attachment_id);
      },
      std::move(done));
}

void ConversationService::upload_attachment(std::string session_id, std::string bytes, std::string file_name,
                                            std::function<void(Outcome<Attachment>)> done) {
  AttachmentLimits limits{std::uint64_t{config_.max_attachment_mb} * 1024 * 1024,
                          std::uint64_t{config_.attachment_quota_mb} * 1024 * 1024};
  run<Attachment>([&blobs = *blobs_, limits, session_id = std::move(session_id), bytes = std::move(bytes),
                   file_name = std::move(file_name)](
                      SessionLog& log) { return store_upload_tx(log, blobs, session_id, bytes, file_name, limits); },
                  std::move(done));
}

void ConversationService::read_attachment(std::string session_id, std::string attachment_id,
                                          std::function<void(Outcome<std::optional<ReadFile>>)> done) {
  using Found = std::optional<ReadFile>;
  read<Found>(
      [&blobs = *blobs_, session_id = std::move(session_id), attachment_id = std::move(attachment_id)](StoreTx& tx) {
        auto record = tx.attachments().find(session_id, attachment_id);
        // An upload no message carries is nobody's to read yet.
        if (!record || !record->claimed) return Found{};
        auto room = response_memory::Reservation::take(record->shown.size);
        if (!room.ok()) {
          throw Refused(Refusal{RefusalKind::unavailable, "busy",
                                "Too many files are on their way right now. Try again in a moment.", 1000});
        }
        auto bytes = blobs.get(record->sha256);
        if (!bytes) {
          log::error("an attachment's bytes are missing from the blob store", {{"attachment", attachment_id}});
          return Found{};
        }
        return Found{ReadFile{record->shown, std::move(*bytes), std::move(room)}};
      },
      std::move(done));
}

void ConversationService::sweep_attachments_after(std::size_t removed_so_far) {
  run<AttachmentSweep>(
      [&blobs = *blobs_, now = clock_.now_ms()](SessionLog& log) { return sweep_attachments_tx(log.tx(), blobs, now); },
      [this, removed_so_far](Outcome<AttachmentSweep> swept) {
        auto* sweep = std::get_if<AttachmentSweep>(&swept);
        auto removed = removed_so_far + (sweep ? sweep->files : 0);
        // Batch after batch, each its own transaction, until one is not full.
        if (sweep && sweep->more) return sweep_attachments_after(removed);
        if (removed > 0) log::info("files nobody keeps removed", {{"files", removed}});
      });
}

void ConversationService::start_new_conversation(std::string session_id,
                                                 std::function<void(Outcome<SessionRecord>)> done) {
  run<SessionRecord>(
      [session_id = std::move(session_id)](SessionLog& log) { return start_new_conversation_tx(log, session_id); },
      std::move(done));
}

HandoffSetup ConversationService::handoff_setup() const {
  return HandoffSetup{agents_,
                      call_settings_,
                      !config_.business_number.empty(),
                      {},
                      config_.open_handoffs_per_ip,
                      look_ ? look_->ways : std::vector<HandoffMode>{},
                      whatsapp_health_.can_send()};
}

void ConversationService::request_handoff(std::string session_id, std::string address, HandoffRequest request,
                                          std::function<void(Outcome<HandoffState>)> done) {
  const auto& mode = handoff_mode(request.mode);
  if (!mode.set_up(handoff_setup())) {
    done(mode_unavailable(mode));
    return;
  }
  // Only when the handoff can happen: with no agent it is refused at once.
  if (!mode.reaches_agent || agents_.empty()) {
    handoff_with_gist(std::move(session_id), std::move(address), std::move(request), {}, std::move(done));
    return;
  }
  // A model may summarize the chat for the agent first; the FAQ assistant
  // answers at once with nothing, and the relay picks the lines itself.
  struct ChatSoFar {
    std::optional<SessionRecord> session;
    std::vector<Message> conversation;
  };
  read<ChatSoFar>(
      [session_id](StoreTx& tx) {
        ChatSoFar chat{tx.sessions().find(session_id), {}};
        if (chat.session && chat.session->state == SessionState::bot) {
          chat.conversation = tx.messages().latest(session_id, AssistantRunner::history_limit * 2);
        }
        return chat;
      },
      [this, session_id, address = std::move(address), request = std::move(request),
       done = std::move(done)](Outcome<ChatSoFar> read) mutable {
        auto* chat = std::get_if<ChatSoFar>(&read);
        // A failed read leaves the summary out; the handoff's own
        // transaction says whether the store can be written.
        if (!chat || chat->conversation.empty()) {
          handoff_with_gist(std::move(session_id), std::move(address), std::move(request), {}, std::move(done));
          return;
        }
        assistant_.summarize(chat->session->context, chat->conversation,
                             [this, session_id = std::move(session_id), address = std::move(address),
                              request = std::move(request), done = std::move(done)](ModelSummary gist) mutable {
                               handoff_with_gist(std::move(session_id), std::move(address), std::move(request),
                                                 std::move(gist), std::move(done));
                             });
      });
}

void ConversationService::handoff_with_gist(std::string session_id, std::string address, HandoffRequest request,
                                            ModelSummary gist, std::function<void(Outcome<HandoffState>)> done) {
  auto setup = handoff_setup();
  setup.address = std::move(address);
  run<HandoffState>(
      // The setup holds a copy of the call settings: an admin may change the
      // hours' zone while this waits for the writer.
      [session_id = std::move(session_id), request = std::move(request), gist = std::move(gist),
       setup = std::move(setup)](SessionLog& log) {
        // The summary's tokens are the chat's model cost like its answers'.
        if ((gist.input_tokens > 0 || gist.output_tokens > 0) && log.tx().sessions().find(session_id)) {
          log.tx().usage().add_model_tokens(session_id, gist.input_tokens, gist.output_tokens, log.now_ms());
          log.effects().model_input_tokens += gist.input_tokens;
          log.effects().model_output_tokens += gist.output_tokens;
        }
        return hand_over_tx(log, session_id, request, setup, gist.text);
      },
      [done = std::move(done)](Outcome<HandoffState> outcome) {
        if (auto* state = std::get_if<HandoffState>(&outcome)) handoffs(state->mode).inc();
        done(std::move(outcome));
      });
}

void ConversationService::apply_webhook(WebhookBatch batch, std::function<void(Outcome<WebhookTally>)> done) {
  // Meta's review of the templates this relay sends: a paused one makes
  // /healthz say so (relay/whatsapp/account_health.hpp); others are not ours.
  for (const auto& t : batch.templates) {
    if (t.name == config_.template_name || t.name == config_.continue_template || t.name == config_.call_template) {
      whatsapp_health_.template_status(t.name, t.event, t.reason);
      log::info("whatsapp template status", {{"template", t.name}, {"event", t.event}, {"reason", t.reason}});
    }
  }
  run<WebhookTally>([this, batch = std::move(batch), policy = delivery_policy(config_)](
                        SessionLog& log) { return apply_webhook_tx(log, batch, agents_, policy); },
                    std::move(done));
}

void ConversationService::find_session_by_token(std::string_view token,
                                                std::function<void(Outcome<std::optional<SessionRecord>>)> done) {
  read<std::optional<SessionRecord>>(
      [hash = crypto::to_hex(crypto::sha256(token))](StoreTx& tx) { return tx.sessions().find_by_token_hash(hash); },
      std::move(done));
}

std::function<Availability(StoreTx&)> ConversationService::availability_reader() const {
  // The directory is shared with the writer's transactions already: its
  // agents never change and its hours sit behind a lock.
  return [setup = handoff_setup(), now_ms = clock_.now_ms()](StoreTx& tx) {
    auto a = setup.agents.availability(tx, now_ms);
    bool slots_free = !bookable_slots(tx, setup.agents, now_ms, 7, setup.calls).empty();
    a.options = offered_modes(setup, OfferFacts{a.live_offered, slots_free});
    return a;
  };
}

std::function<std::vector<CallSlot>(StoreTx&)> ConversationService::slots_reader(int days) const {
  return [setup = handoff_setup(), now_ms = clock_.now_ms(), days](StoreTx& tx) {
    return bookable_slots(tx, setup.agents, now_ms, days, setup.calls);
  };
}

void ConversationService::cancel_call(std::string session_id, std::function<void(Outcome<CallRecord>)> done) {
  run<CallRecord>(
      [session_id = std::move(session_id), settings = call_settings_](SessionLog& log) {
        log.effects().availability_may_change = true;  // a slot is free again
        return cancel_session_call_tx(log, session_id, settings);
      },
      std::move(done));
}

void ConversationService::cancel_call_by_admin(std::int64_t call_id, std::function<void(Outcome<CallRecord>)> done) {
  run<CallRecord>(
      [call_id, settings = call_settings_](SessionLog& log) {
        log.effects().availability_may_change = true;
        return cancel_call_tx(log, call_id, settings);
      },
      std::move(done));
}

void ConversationService::erase_visitor(VisitorSelector who,
                                        std::function<void(Outcome<std::vector<std::string>>)> done) {
  run<std::vector<std::string>>(
      [who = std::move(who)](SessionLog& log) {
        // A chat with an agent frees the agent's place, so availability may change.
        log.effects().availability_may_change = true;
        return erase_visitor_tx(log, who);
      },
      [done = std::move(done)](Outcome<std::vector<std::string>> erased) {
        if (auto* ids = std::get_if<std::vector<std::string>>(&erased)) {
          // Never who it was: the log must not keep what was erased.
          log::info("visitor data erased", {{"chats", ids->size()}});
        }
        done(std::move(erased));
      });
}

void ConversationService::cancel_queued(std::string session_id, std::string recipient,
                                        std::function<void(Outcome<std::size_t>)> done) {
  run<std::size_t>(
      [session_id = std::move(session_id), recipient = std::move(recipient)](SessionLog& log) {
        return cancel_unsent_tx(log, session_id, recipient, "not sent: cancelled by an admin");
      },
      std::move(done));
}

void ConversationService::expire_old_chats() {
  if (retention_days_ == 0) return;
  constexpr std::size_t batch = 200;
  auto before = clock_.now_ms() - std::int64_t{retention_days_} * 24 * 3600 * 1000;
  run<std::size_t>([before](SessionLog& log) { return expire_chats_tx(log.tx(), before, batch); },
                   [this](Outcome<std::size_t> expired) {
                     auto* count = std::get_if<std::size_t>(&expired);
                     if (!count || *count == 0) return;
                     log::info("chats past the retention period erased", {{"chats", *count}});
                     // More may be waiting: one batch per transaction keeps each commit short.
                     if (*count == batch) expire_old_chats();
                   });
}

void ConversationService::remind_due_calls() {
  auto now = clock_.now_ms();
  // A read first, so an idle relay does not queue a write every few seconds.
  read<bool>(
      [now](StoreTx& tx) {
        return !tx.calls().due_reminders(now + CallSettings::reminder_ms, now).empty() || tx.calls().any_past(now);
      },
      [this](Outcome<bool> due) {
        if (auto* error = std::get_if<Refusal>(&due)) {
          log::warn("call reminders not checked", {{"error", error->sentence}});
          return;
        }
        if (!std::get<bool>(due)) return;
        run<std::size_t>([settings = call_settings_](SessionLog& log) { return remind_due_calls_tx(log, settings); },
                         [](Outcome<std::size_t> outcome) {
                           if (auto* error = std::get_if<Refusal>(&outcome)) {
                             log::warn("call reminders failed", {{"error", error->sentence}});
                           }
                         });
      });
}

void ConversationService::publish_queue_positions() {
  read<std::map<std::string, QueueUpdate>>([](StoreTx& tx) { return queue_positions(tx); },
                                           [this](Outcome<std::map<std::string, QueueUpdate>> read) {
                                             if (auto* error = std::get_if<Refusal>(&read)) {
                                               log::warn("queue positions not read", {{"error", error->sentence}});
                                               return;
                                             }
                                             auto& now = std::get<std::map<std::string, QueueUpdate>>(read);
                                             for (const auto& [session_id, position] : now) {
                                               auto it = last_positions_.find(session_id);
                                               if (it != last_positions_.end() && it->second == position) continue;
                                               hub_.publish(session_id, make_frame(position));
                                             }
                                             last_positions_ = std::move(now);
                                           });
}

void ConversationService::offer_after_long_waits() {
  auto limit_ms = static_cast<std::int64_t>(config_.queue_timeout_s) * 1000;
  // A read first, so an idle relay does not queue a write every few seconds.
  read<bool>([since = clock_.now_ms() - limit_ms](StoreTx& tx) { return !tx.queue().overdue(since, 1).empty(); },
             [this](Outcome<bool> overdue) {
               if (auto* error = std::get_if<Refusal>(&overdue)) {
                 log::warn("queue not checked", {{"error", error->sentence}});
                 return;
               }
               if (std::get<bool>(overdue)) offer_to_overdue();
             });
}

void ConversationService::offer_to_overdue() {
  run<std::size_t>([limit = static_cast<std::int64_t>(config_.queue_timeout_s) * 1000,
                    name = assistant_.name()](SessionLog& log) { return offer_after_long_wait_tx(log, limit, name); },
                   [](Outcome<std::size_t> outcome) {
                     if (auto* error = std::get_if<Refusal>(&outcome))
                       log::warn("queue check failed", {{"error", error->sentence}});
                   });
}

AvailabilityChange availability_frame(const Availability& now) {
  AvailabilityChange frame{now.online, static_cast<std::uint32_t>(now.agents_online), now.next_open_ms.value_or(0), {}};
  frame.options = now.options;
  return frame;
}

void ConversationService::broadcast_availability_if_changed() {
  read<Availability>(availability_reader(), [this](Outcome<Availability> read) {
    if (auto* error = std::get_if<Refusal>(&read)) {
      log::warn("availability not read", {{"error", error->sentence}});
      return;
    }
    auto frame = availability_frame(std::get<Availability>(read));
    if (last_broadcast_ == frame) return;
    // The first evaluation only sets the baseline: tabs fetch it when they open.
    bool first = !last_broadcast_;
    last_broadcast_ = frame;
    report_availability(admin_feed(), frame, clock_.now_ms());
    if (!first) hub_.publish_to_all(make_frame(std::move(frame)));
  });
}

}  // namespace baton
