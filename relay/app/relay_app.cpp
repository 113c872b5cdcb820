#include "relay/app/relay_app.hpp"

#include <boost/asio/steady_timer.hpp>
#include <ostream>

#include "common/email.hpp"
#include "relay/api/admin_api.hpp"
#include "relay/api/mail_setting.hpp"
#include "relay/api/router.hpp"
#include "relay/api/visitor_api.hpp"
#include "relay/api/webhook_api.hpp"
#include "relay/app/admin_token.hpp"
#include "relay/app/assistant_setup.hpp"
#include "relay/app/figures_ticker.hpp"
#include "relay/app/file_limit.hpp"
#include "relay/app/memory_return.hpp"
#include "relay/app/model_key.hpp"
#include "relay/app/settings_reload.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/core/crypto.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/core/net.hpp"
#include "relay/http/http_server.hpp"
#include "relay/http/static_files.hpp"
#include "relay/http/upgrade_switch.hpp"
#include "relay/hub/local_hub.hpp"
#include "relay/hub/redis_hub.hpp"
#include "relay/mail/mail_message.hpp"
#include "relay/store/file_blob_store.hpp"
#include "relay/store/postgres/postgres_store.hpp"
#include "relay/store/sqlite/sqlite_store.hpp"
#include "relay/whatsapp/graph_client.hpp"
#include "relay/workers/mail_worker.hpp"
#include "relay/workers/media_worker.hpp"
#include "relay/workers/outbox_worker.hpp"
#include "relay/workers/whatsapp_signals.hpp"
#include "relay/ws/admin_stream_upgrades.hpp"
#include "relay/ws/live_stream_upgrades.hpp"

namespace baton {
namespace {

std::string origin_of(const std::string& url) {
  auto scheme_end = url.find("://");
  auto path = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  return url.substr(0, path);
}

ServerLimits server_limits(const Config& config) {
  ServerLimits limits;
  auto fit = connections_within(raise_file_limit());
  limits.max_connections = config.max_connections == 0 ? fit : std::min<std::size_t>(config.max_connections, fit);
  if (config.max_connections > fit) {
    log::warn("--max-connections is above what the open file limit allows; using the lower number",
              {{"max_connections", limits.max_connections}});
  }
  limits.max_per_address = config.max_connections_per_ip;
  limits.body_memory_bytes = std::size_t{config.max_body_memory_mb} * 1024 * 1024;
  limits.upload_memory_bytes = std::size_t{std::max(config.max_upload_memory_mb, config.max_attachment_mb)} * 1024 *
                               1024;
  limits.uploads_per_address = config.max_uploads_per_ip;
  limits.unlimited = config.trusted_proxies;
  return limits;
}

std::unique_ptr<Store> open_store(const Config& config, boost::asio::any_io_executor loop,
                                  const SecretBox::Key& secret_key) {
  if (config.store_on_postgres()) {
    if (config.store.find('@') != std::string::npos &&
        config.store.find(':', config.store.find("://") + 3) < config.store.find('@')) {
      log::warn("--store holds a password, which the process list shows; libpq reads it from PGPASSWORD or ~/.pgpass");
    }
    try {
      return std::make_unique<postgres::PostgresStore>(config.store, std::move(loop), secret_key);
    } catch (const sql::Error& e) {
      throw ConfigError(std::string("--store: ") + e.what());
    }
  }
  try {
    return std::make_unique<sqlite::SqliteStore>(config.data_dir / "baton.db", std::move(loop), secret_key);
  } catch (const sql::Error& e) {
    throw ConfigError("--data: cannot use the database in " + config.data_dir.string() + ": " + e.what());
  }
}

std::unique_ptr<Hub> open_hub(const Config& config, net::any_io_executor loop, RandomSource& random) {
  if (!config.hub_on_redis()) return std::make_unique<LocalHub>();
  auto address = RedisAddress::parse(config.hub);
  if (!address) throw ConfigError("--hub: expected redis://[[user]:password@]host[:port][/db]");
  if (!address->password.empty()) {
    log::warn("--hub holds a password, which the process list shows; put it in the config file (chmod 600)");
  }
  // Names this relay on the hub's channel, so it skips its own frames.
  RelayId self{};
  random.fill(self);
  return std::make_unique<RedisHub>(std::move(loop), std::move(*address), self, admin_feed());
}

}  // namespace

struct RelayApp::Parts {
  SystemClock clock;
  crypto::OsRandom random;
  std::unique_ptr<Store> store;
  std::unique_ptr<FileBlobStore> blobs;
  std::unique_ptr<Hub> hub;
  std::unique_ptr<AssistantSwitch> assistant;
  std::unique_ptr<AssistantSetting> assistant_setting;
  std::unique_ptr<ConversationService> service;
  std::unique_ptr<GraphClient> graph;
  std::unique_ptr<OutboxWorker> outbox;
  std::unique_ptr<MailWorker> mail;
  std::unique_ptr<MediaWorker> media;
  std::unique_ptr<WhatsappSignals> signals;
  std::unique_ptr<MailSetting> mail_setting;
  std::unique_ptr<Cors> cors;
  std::unique_ptr<VisitorApi> visitor_api;
  std::unique_ptr<WebhookApi> webhook_api;
  std::unique_ptr<AdminActions> admin_actions;
  std::unique_ptr<OriginsSetting> origins;
  std::unique_ptr<WhatsappSetting> whatsapp_setting;
  std::unique_ptr<ConnectionTests> connection_tests;
  std::unique_ptr<AdminApi> admin_api;
  std::unique_ptr<StaticFiles> files;
  std::unique_ptr<Router> router;
  std::unique_ptr<LiveStreamUpgrades> live_streams;
  std::unique_ptr<AdminStreamUpgrades> admin_streams;
  std::unique_ptr<UpgradeSwitch> upgrades;
  std::unique_ptr<FiguresTicker> figures;
  std::unique_ptr<HttpServer> server;
  crypto::Digest admin_token_hash{};
  std::unique_ptr<net::steady_timer> availability_timer;
  std::unique_ptr<MemoryReturn> memory;
  std::unique_ptr<SettingsReload> settings_reload;
};

RelayApp::RelayApp(Config config, std::ostream& announce)
    : config_(std::move(config)), parts_(std::make_unique<Parts>()) {
  auto& p = *parts_;
  // Relays linked through Redis share their chats too: a SQLite file is one
  // relay's. Said before anything is created.
  if (config_.hub_on_redis() && !config_.store_on_postgres()) {
    throw ConfigError("--hub: relays in a cluster share one --store postgres://...");
  }
  std::error_code ec;
  std::filesystem::create_directories(config_.data_dir, ec);
  if (ec) throw ConfigError("--data: cannot create " + config_.data_dir.string() + ": " + ec.message());

  p.admin_token_hash = resolve_admin_token(config_.admin_token, config_.data_dir, p.random, announce);
  auto secret_key = load_secret_key(config_.data_dir, config_.secret_key_file, p.random);
  p.store = open_store(config_, io_.get_executor(), secret_key);
  // WhatsApp's account as the admin page set it, if it did: before anything reads it.
  auto flags_account = WhatsappAccount::of(config_);
  auto& settings = p.store->reader().settings();
  bool account_from_admin = WhatsappSetting::restore(config_, settings, SecretBox(secret_key, p.random));
  if (!config_.agents.empty() && !config_.whatsapp_configured()) {
    log::warn("agents are configured but --phone-number-id or --access-token is missing: live handoff is off");
  }
  // The e-mail fallback's flags are checked; the admin page's were when set.
  bool some_mail = !config_.smtp_url.empty() || !config_.smtp_from.empty() || !config_.support_email.empty();
  if (some_mail && !config_.mail_configured()) {
    throw ConfigError("the e-mail fallback needs all of --smtp-url, --smtp-from and --support-email");
  }
  if (config_.mail_configured()) {
    for (const auto& [flag, address] : {std::pair{"--smtp-from", bare_address(config_.smtp_from)},
                                        std::pair{"--support-email", bare_address(config_.support_email)}}) {
      if (!is_plausible_email(address)) throw ConfigError(std::string(flag) + ": not an e-mail address");
    }
  }
  auto flags_mail = MailAccount::of(config_);
  bool mail_from_admin = MailSetting::restore(config_, settings, SecretBox(secret_key, p.random));
  // The assistant the flags choose, or the FAQ and model the admin page set.
  auto flags_choice = flags_assistant_choice(config_, p.random, secret_key);
  auto choice = flags_choice;
  auto assistant_from_admin = AssistantSetting::restore(choice, settings, SecretBox(secret_key, p.random));
  auto build = [this, &p](const AssistantChoice& chosen) {
    return make_assistant(chosen, config_, io_.get_executor(), p.clock);
  };
  p.assistant = std::make_unique<AssistantSwitch>(build(choice));
  p.hub = open_hub(config_, io_.get_executor(), p.random);
  p.service = std::make_unique<ConversationService>(config_, *p.store, *p.hub, *p.assistant, p.random, p.clock);
  try {
    p.blobs = std::make_unique<FileBlobStore>(config_.data_dir / "blobs", secret_key, p.random);
  } catch (const std::exception& e) {
    throw ConfigError("--data: cannot keep files in " + (config_.data_dir / "blobs").string() + ": " + e.what());
  }
  p.service->attach_blobs(p.blobs.get());
  p.assistant_setting = std::make_unique<AssistantSetting>(std::move(flags_choice), std::move(choice),
                                                           assistant_from_admin, *p.assistant, build, *p.service,
                                                           SecretBox(secret_key, p.random));

  GraphClient::Settings graph;
  try {
    graph.endpoint = HttpEndpoint::parse(config_.graph_url);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("--graph-url: ") + e.what());
  }
  graph.phone_number_id = config_.phone_number_id;
  graph.access_token = config_.access_token;
  graph.timeout = std::chrono::milliseconds(config_.graph_timeout_ms);
  graph.extra_ca = config_.graph_ca;
  try {
    p.graph = std::make_unique<GraphClient>(io_.get_executor(), graph);
  } catch (const std::exception& e) {
    throw ConfigError("--graph-ca: cannot load " + config_.graph_ca.string() + " (" + e.what() + ")");
  }
  p.outbox = std::make_unique<OutboxWorker>(io_.get_executor(), *p.service, *p.graph, config_);
  p.service->attach_outbox(p.outbox.get());
  p.media = std::make_unique<MediaWorker>(io_.get_executor(), *p.service, *p.graph);
  p.service->attach_media(p.media.get());
  p.signals = std::make_unique<WhatsappSignals>(*p.service, *p.graph);
  p.service->attach_signals(p.signals.get());
  p.whatsapp_setting = std::make_unique<WhatsappSetting>(config_, std::move(flags_account), account_from_admin,
                                                         *p.service, *p.graph, SecretBox(secret_key, p.random));

  // The worker is there even without the fallback: the admin page may set it up.
  p.mail = std::make_unique<MailWorker>(io_.get_executor(), *p.service, smtp_settings(config_), config_.mail_retry_ms);
  p.service->attach_mail(p.mail.get());
  p.mail_setting = std::make_unique<MailSetting>(config_, std::move(flags_mail), mail_from_admin, *p.service, *p.mail,
                                                 SecretBox(secret_key, p.random));
}

RelayApp::~RelayApp() {
  {
    std::lock_guard lock(watchdog_mutex_);
    drained_ = true;
  }
  watchdog_wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
  if (parts_ && parts_->store) parts_->store->close();
  // What a forced stop left queued goes now, while everything it refers to
  // is still alive.
  io_.discard_pending();
}

net::ip::tcp::endpoint RelayApp::start() {
  auto& p = *parts_;
  p.files = std::make_unique<StaticFiles>(config_.web_root);
  // The allowed origins include the relay's own, which may depend on the
  // port actually bound: the Cors object is filled in once that is known.
  p.cors = std::make_unique<Cors>(std::vector<std::string>{}, std::string());
  p.visitor_api = std::make_unique<VisitorApi>(*p.service, *p.cors);
  p.webhook_api = std::make_unique<WebhookApi>(*p.service);
  p.admin_actions = std::make_unique<AdminActions>(*p.service, *p.webhook_api);
  p.origins = std::make_unique<OriginsSetting>(*p.service, *p.cors);
  p.connection_tests = std::make_unique<ConnectionTests>(config_, *p.graph, p.clock, *p.whatsapp_setting,
                                                         *p.mail_setting, p.service->whatsapp_health());
  p.admin_api = std::make_unique<AdminApi>(*p.service, p.admin_token_hash, *p.admin_actions, p.webhook_api->kept(),
                                           p.outbox->kept_calls(), *p.origins, *p.connection_tests,
                                           *p.assistant_setting);
  p.router = std::make_unique<Router>(*p.visitor_api, *p.webhook_api, *p.admin_api, *p.files, *p.cors, config_,
                                      *p.store, *p.hub, p.service->whatsapp_health());
  p.live_streams = std::make_unique<LiveStreamUpgrades>(*p.service, *p.cors);
  p.admin_streams = std::make_unique<AdminStreamUpgrades>(
      *p.service, *p.admin_actions, AdminStreamKept{p.webhook_api->kept(), p.outbox->kept_calls()}, p.admin_token_hash);
  p.upgrades = std::make_unique<UpgradeSwitch>(
      std::vector<UpgradeHandler*>{p.live_streams.get(), p.admin_streams.get()});
  p.server = std::make_unique<HttpServer>(io_, *p.router, p.upgrades.get());
  p.server->set_limits(server_limits(config_));

  tcp::endpoint bound;
  try {
    bound = p.server->listen(config_.listen_host, config_.listen_port);
  } catch (const std::exception& e) {
    throw ConfigError("--listen: cannot listen on " + config_.listen_host + ":" + std::to_string(config_.listen_port) +
                      " (" + e.what() + ")");
  }
  if (config_.public_url.empty()) {
    auto host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
    config_.public_url = "http://" + host + ":" + std::to_string(bound.port());
  }
  // A console shows every relay's events: each says where it happened.
  if (config_.hub_on_redis()) admin_feed().set_origin(config_.listen_host + ":" + std::to_string(bound.port()));
  *p.cors = Cors(config_.allowed_origins, origin_of(config_.public_url));
  p.origins->restore(p.store->reader().settings());
  follow_the_other_relays();

  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    log::info("stopping", {{"signal", signal}});
    stop();
  });
  p.hub->start();
  p.outbox->start();
  p.media->start();
  if (p.mail) p.mail->start();
  p.server->start();
  p.service->broadcast_availability_if_changed();  // the baseline
  p.availability_timer = std::make_unique<net::steady_timer>(io_);
  watch_availability();
  p.memory = std::make_unique<MemoryReturn>(io_.get_executor());
  p.memory->start();
  p.figures = std::make_unique<FiguresTicker>(io_.get_executor(), p.clock);
  p.figures->start();
  log::info("relay started", {{"public_url", config_.public_url},
                              {"agents", config_.agents.size()},
                              {"whatsapp", config_.whatsapp_configured()},
                              {"web_root", config_.web_root.string()}});
  return bound;
}

void RelayApp::run() {
  // A handler that throws (a database error in a read, say) must cost the
  // request or connection it served, not every visitor's: log and go on.
  // Asio allows run() to be called again after an exception left it.
  for (;;) {
    try {
      io_.run();
      break;
    } catch (const std::exception& e) {
      metrics::registry()
          .counter("baton_handler_exceptions_total", "Exceptions that escaped an event-loop handler")
          .inc();
      log::error("event-loop handler failed", {{"error", e.what()}});
    }
  }
  {
    std::lock_guard lock(watchdog_mutex_);
    drained_ = true;
  }
  watchdog_wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
  parts_->store->close();
  log::info("stopped");
}

void RelayApp::follow_the_other_relays() {
  auto& p = *parts_;
  auto service_keys = ConversationService::setting_keys();
  p.settings_reload = std::make_unique<SettingsReload>(
      *p.store,
      std::vector<SettingsReload::Group>{
          {{OriginsSetting::setting_key}, [&p](SettingsTable& s) { p.origins->restore(s); }},
          {{service_keys.begin(), service_keys.end()}, [&p](SettingsTable& s) { p.service->reload_settings(s); }},
          {{AssistantSetting::faq_key, AssistantSetting::model_key},
           [&p](SettingsTable& s) { p.assistant_setting->reload(s); }},
          {{WhatsappSetting::setting_key}, [&p](SettingsTable& s) { p.whatsapp_setting->reload(s); }},
          {{MailSetting::setting_key}, [&p](SettingsTable& s) { p.mail_setting->reload(s); }},
      });
  p.hub->on_cluster_news(Hub::ClusterNews{
      .setting_changed = [&p](std::string_view key) { p.settings_reload->changed(key); },
      .work_for = [&p](std::string_view recipient) { p.outbox->work_for(recipient); },
      .members_changed = [&p] { p.outbox->members_changed(); },
  });
}

void RelayApp::watch_availability() {
  // Windows close and hours end without any event: look every few seconds.
  auto& timer = *parts_->availability_timer;
  timer.expires_after(availability_check_interval);
  timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    try {
      parts_->service->broadcast_availability_if_changed();
      parts_->service->offer_after_long_waits();
      parts_->service->remind_due_calls();
      if (auto now = std::chrono::steady_clock::now(); now >= next_retention_run_) {
        next_retention_run_ = now + std::chrono::hours(1);
        parts_->service->expire_old_chats();
        parts_->service->sweep_attachments();
      }
    } catch (const std::exception& e) {
      log::warn("availability check failed", {{"error", e.what()}});
    }
    watch_availability();
  });
}

void RelayApp::stop() {
  auto& p = *parts_;
  signals_.cancel();
  stopping_ = true;
  if (p.availability_timer) p.availability_timer->cancel();
  if (p.memory) p.memory->stop();
  if (p.figures) p.figures->stop();
  p.server->stop();
  p.hub->stop();
  p.outbox->stop();
  if (p.media) p.media->stop();
  p.graph->close();
  if (p.mail) p.mail->stop();
  // A model answer under way ends now (the FAQ answers in its place).
  p.assistant->close();
  // Requests, calls and writes in progress finish on their own and io_.run()
  // returns when nothing is left; the watchdog bounds that wait.
  if (watchdog_.joinable()) return;
  watchdog_ = std::thread([this] {
    std::unique_lock lock(watchdog_mutex_);
    if (!watchdog_wake_.wait_for(lock, shutdown_deadline, [this] { return drained_; })) {
      log::warn("shutdown deadline reached; stopping with work in progress");
      io_.stop();
    }
  });
}

}  // namespace baton
