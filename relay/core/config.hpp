#pragma once
// The relay's settings, from flags, RELAY_* environment variables and a TOML
// file, in that order of precedence (CONTRACT section 2).

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/lang.hpp"
#include "relay/core/abuse_limits.hpp"
#include "relay/core/address_range.hpp"

namespace baton {

// "https://shop.example.com" (scheme, host and port only), or "*"; the
// trailing slash dropped. Nothing else is an origin.
std::optional<std::string> normalized_origin(std::string_view text);

struct AgentConfig {
  std::string name;
  std::string phone;          // E.164
  std::string photo;          // an http(s) URL the widget shows in its header while this agent has the chat; or empty
  std::int64_t capacity = 0;  // chats held at once; 0: --agent-capacity

  friend bool operator==(const AgentConfig&, const AgentConfig&) = default;
};

inline constexpr std::size_t min_admin_token_chars = 32;

struct Config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::filesystem::path data_dir = "data";
  std::filesystem::path web_root;  // empty: build/web beside the binary
  std::string public_url;          // empty: http://<the address actually bound>

  std::string graph_url = "https://graph.facebook.com/v23.0";
  // wa-sim's control API, when the relay runs against the simulator: empty
  // in production. The console's simulator actions go there.
  std::string simulator_url;
  std::filesystem::path graph_ca;
  std::string phone_number_id;
  std::string business_number;
  std::string access_token;
  std::string app_secret;
  std::string verify_token;
  std::string admin_token;
  std::vector<AgentConfig> agents;
  // --agent-photos Name=URL,...: read with the other flags, then given to the agents of that name.
  std::vector<std::pair<std::string, std::string>> agent_photos;
  std::vector<std::string> allowed_origins;  // "*" allows any
  std::filesystem::path faq;

  // Additions to the contract, documented in docs/configuration.md.
  std::string template_name = "baton_reconnect";
  std::string template_language = "en";
  // Empty: "Assistant" in the widget's language (the widget names it).
  std::string assistant_name;
  // The assistant's first message: for the widget's language, else for all,
  // else ours in the widget's language (greeting_for()).
  std::array<std::string, lang_count> greetings;
  std::string greeting;
  // Defaults match FaqIndex::Confidence; chosen in docs/benchmarks.md.
  double faq_min_coverage = 0.4;
  double faq_min_margin = 0.1;
  double faq_min_belief = 0.6;
  double faq_min_belief_other_language = 0.7;
  double faq_min_belief_to_suggest = 0.15;  // 1: never suggest the closest questions
  std::uint32_t graph_timeout_ms = 15000;
  std::uint32_t graph_connections = 4;
  std::uint32_t graph_rate_per_second = 80;
  std::uint32_t in_doubt_grace_ms = 30000;
  std::uint32_t max_send_attempts = 12;
  std::string log_level = "info";
  // A live stream with nothing from its tab for this long is closed; the
  // relay pings the tab at half of it.
  std::uint32_t ws_idle_timeout_s = 60;

  // When agents can take chats (docs/availability.md).
  std::string time_zone = "UTC";  // IANA
  std::string hours = "24/7";
  std::string holidays;  // YYYY-MM-DD,YYYY-MM-DD in that zone
  std::uint32_t agent_capacity = 3;
  std::uint32_t queue_timeout_s = 180;
  std::string assistant_after_end = "silent";  // or "resume": the assistant answers again after /end

  // Continue on WhatsApp and call-backs (docs/whatsapp-handoff.md, docs/calls.md):
  // approved templates that open a conversation with the visitor.
  std::string continue_template = "baton_continue";
  std::string call_template = "baton_call";
  std::uint32_t call_minutes = 30;         // one slot
  std::uint32_t call_notice_minutes = 30;  // earliest booking from now

  // The e-mail fallback (docs/email.md): off unless all three are set.
  std::string smtp_url;  // smtp://host:587 (STARTTLS required) or smtps://host:465
  std::string smtp_user;
  std::string smtp_password;
  std::string smtp_from;      // "Shop <support@shop.example>"
  std::string support_email;  // where visitors' messages go
  std::filesystem::path smtp_ca;
  std::uint32_t mail_retry_ms = 30000;  // first retry; doubles up to an hour
  bool mail_configured() const { return !smtp_url.empty() && !smtp_from.empty() && !support_email.empty(); }

  // An OpenAI-compatible model instead of the FAQ assistant (docs/assistant.md).
  std::string llm_url;  // base URL, e.g. https://api.openai.com/v1 or http://127.0.0.1:8081/v1
  std::string llm_key;  // kept sealed in the data folder once given
  std::string llm_model;
  // For semantic retrieval through the same server's /embeddings; empty:
  // the chat model's name; "none": by words only.
  std::string llm_embedding_model;
  std::filesystem::path llm_prompt;      // the site owner's instructions
  std::uint32_t llm_timeout_ms = 10000;  // silence before the FAQ answers instead
  std::filesystem::path llm_ca;

  // Abuse limits and caps (docs/security.md, docs/limits.md).
  AbuseRates rates;
  std::vector<AddressRange> trusted_proxies;  // whose X-Forwarded-For is believed
  std::vector<AddressRange> admin_allow;      // empty: the admin API answers any address
  std::vector<AddressRange> webhook_allow;    // empty: webhooks from any address
  std::uint32_t max_connections = 0;          // 0: as many as the file limit safely allows
  std::uint32_t max_connections_per_ip = 256;
  std::uint32_t max_body_memory_mb = 64;  // request bodies held at once
  // Files being uploaded, apart from the other bodies: bytes at once (never
  // less than one largest file), and uploads at once from one address.
  std::uint32_t max_upload_memory_mb = 64;
  std::uint32_t max_uploads_per_ip = 2;
  // Attachments (docs/attachments.md): one file, and all of one chat's.
  std::uint32_t max_attachment_mb = 16;
  std::uint32_t attachment_quota_mb = 50;

  // Privacy (docs/security.md): chats untouched this long are erased; 0 keeps them.
  std::uint32_t retention_days = 180;
  // Chats with a person one address may hold at once (docs/limits.md); 0: any.
  std::uint32_t open_handoffs_per_ip = 3;
  // The key that seals the chat keys and the model key; empty:
  // data/secret.key, created on first use.
  std::filesystem::path secret_key_file;
  // Where chats are stored: "sqlite" (data/baton.db) or a PostgreSQL URL
  // (postgres://...; docs/postgresql.md).
  std::string store = "sqlite";
  bool store_on_postgres() const { return store != "sqlite"; }
  // How stored frames reach the tabs: "local" (this process's tabs) or a
  // Redis URL (redis://...), for relays in a cluster (docs/cluster.md).
  std::string hub = "local";
  bool hub_on_redis() const { return hub != "local"; }

  bool whatsapp_configured() const { return !phone_number_id.empty() && !access_token.empty(); }
};

// A setting that cannot be used; the message names the setting and the value.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What `load_config` needs from the process: its arguments (without argv[0])
// and its environment.
struct ConfigSources {
  std::vector<std::string> args;
  std::map<std::string, std::string> environment;
};

// Throws ConfigError. `--help` is not handled here.
Config load_config(const ConfigSources& sources);

std::string config_usage();

}  // namespace baton
