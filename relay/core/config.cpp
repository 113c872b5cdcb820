#include "relay/core/config.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <functional>
#include <optional>
#include <string_view>
#include <toml++/toml.h>

#include "common/phone.hpp"
#include "common/web_url.hpp"
#include "relay/core/command_line.hpp"

namespace baton {
namespace {

using Setter = std::function<void(Config&, const std::string& value)>;

struct Option {
  std::string_view flag;  // without "--"
  std::string_view help;
  Setter apply;
};

[[noreturn]] void fail(std::string_view flag, std::string_view problem, std::string_view value) {
  throw ConfigError("--" + std::string(flag) + ": " + std::string(problem) + ", got \"" + std::string(value) + "\"");
}

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    auto end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    auto item = value.substr(start, end - start);
    auto first = item.find_first_not_of(" \t");
    auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    start = end + 1;
  }
  return out;
}

std::uint32_t parse_count(std::string_view flag, const std::string& value, std::uint32_t min, std::uint32_t max) {
  try {
    return static_cast<std::uint32_t>(parse_whole_number(flag, value, min, max));
  } catch (const CommandLineError& e) {
    throw ConfigError(e.what());
  }
}

double parse_fraction(std::string_view flag, const std::string& value, double min, double max) {
  try {
    return parse_number(flag, value, min, max);
  } catch (const CommandLineError& e) {
    throw ConfigError(e.what());
  }
}

void require_http_url(std::string_view flag, const std::string& value) {
  auto url = boost::urls::parse_absolute_uri(value);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty()) {
    fail(flag, "expected an http:// or https:// URL", value);
  }
}

std::string strip_trailing_slash(std::string value) {
  while (!value.empty() && value.back() == '/') value.pop_back();
  return value;
}

void set_listen(Config& c, const std::string& value) {
  auto colon = value.rfind(':');
  if (colon == std::string::npos || colon == 0) fail("listen", "expected HOST:PORT", value);
  std::string host = value.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  c.listen_host = host;
  c.listen_port = static_cast<std::uint16_t>(parse_count("listen", value.substr(colon + 1), 0, 65535));
}

void set_agents(Config& c, const std::string& value) {
  c.agents.clear();
  for (const auto& item : split_list(value)) {
    auto colon = item.rfind(':');
    if (colon == std::string::npos || colon == 0) fail("agents", "expected Name:+E164 items", item);
    auto phone = normalize_e164(item.substr(colon + 1));
    if (!phone) fail("agents", "not an E.164 phone number", item.substr(colon + 1));
    for (const auto& existing : c.agents) {
      if (existing.phone == *phone) fail("agents", "the same number twice", *phone);
    }
    c.agents.push_back({item.substr(0, colon), *phone, {}});
  }
}

void set_agent_photos(Config& c, const std::string& value) {
  c.agent_photos.clear();
  for (const auto& item : split_list(value)) {
    auto equals = item.find('=');
    if (equals == std::string::npos || equals == 0) fail("agent-photos", "expected Name=https://... items", item);
    auto url = item.substr(equals + 1);
    if (!is_web_image_url(url)) fail("agent-photos", "not an http(s) URL of at most 500 characters", url);
    c.agent_photos.emplace_back(item.substr(0, equals), url);
  }
}

// After every flag is read (they are applied in name order, agent-photos before agents).
void attach_agent_photos(Config& c) {
  // (No structured binding: clang 14 cannot capture one in the lambda.)
  for (const auto& photo : c.agent_photos) {
    const auto& name = photo.first;
    auto agent = std::find_if(c.agents.begin(), c.agents.end(), [&](const AgentConfig& a) { return a.name == name; });
    if (agent == c.agents.end()) fail("agent-photos", "no agent of that name in --agents", name);
    agent->photo = photo.second;
  }
}

void set_origins(Config& c, const std::string& value) {
  c.allowed_origins.clear();
  for (const auto& given : split_list(value)) {
    auto origin = normalized_origin(given);
    if (!origin) fail("allowed-origins", "expected origins like https://shop.example.com", given);
    c.allowed_origins.push_back(*origin);
  }
}

}  // namespace

std::optional<std::string> normalized_origin(std::string_view text) {
  auto origin = strip_trailing_slash(std::string(text));
  if (origin == "*") return origin;
  auto url = boost::urls::parse_absolute_uri(origin);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty() ||
      !url->encoded_path().empty() || url->has_query() || url->has_fragment() || url->has_userinfo()) {
    return std::nullopt;
  }
  return origin;
}

namespace {

std::vector<AddressRange> parse_ranges(std::string_view flag, const std::string& value) {
  std::vector<AddressRange> ranges;
  for (const auto& item : split_list(value)) {
    auto range = AddressRange::parse(item);
    if (!range) fail(flag, "expected addresses or CIDR ranges like 10.0.0.0/8 or 2001:db8::/32", item);
    ranges.push_back(*range);
  }
  return ranges;
}

Setter rate_setter(std::string_view flag, Rate AbuseRates::*member) {
  return [flag, member](Config& c, const std::string& value) {
    auto rate = Rate::parse(value);
    if (!rate) fail(flag, "expected a rate like 30/min (units s, min, h, d)", value);
    c.rates.*member = *rate;
  };
}

template <Lang lang>
void set_greeting_in(Config& c, const std::string& v) {
  c.greetings[static_cast<std::size_t>(lang)] = v;
}

const std::vector<Option>& options() {
  static const std::vector<Option> table = {
      {"listen", "HOST:PORT to listen on (port 0 picks a free one)", set_listen},
      {"data", "folder for the SQLite database and keys", [](Config& c, const std::string& v) { c.data_dir = v; }},
      {"store", "where chats are stored: sqlite (default, in --data) or postgres://user@host/database",
       [](Config& c, const std::string& v) {
         if (v != "sqlite" && !v.starts_with("postgres://") && !v.starts_with("postgresql://")) {
           // Not echoed: a URL may hold a password.
           throw ConfigError("--store: expected sqlite or a postgres:// URL");
         }
         c.store = v;
       }},
      {"hub", "how tabs get other relays' messages: local (default, one relay) or redis://host:port",
       [](Config& c, const std::string& v) {
         if (v != "local" && !v.starts_with("redis://")) {
           // Not echoed: a URL may hold a password.
           throw ConfigError("--hub: expected local or a redis:// URL");
         }
         c.hub = v;
       }},
      {"web-root", "folder of static assets", [](Config& c, const std::string& v) { c.web_root = v; }},
      {"public-url", "base URL browsers and Meta use to reach the relay",
       [](Config& c, const std::string& v) {
         require_http_url("public-url", v);
         c.public_url = strip_trailing_slash(v);
       }},
      {"graph-url", "Cloud API base URL including the version",
       [](Config& c, const std::string& v) {
         require_http_url("graph-url", v);
         c.graph_url = strip_trailing_slash(v);
       }},
      {"simulator-url", "wa-sim's control URL (tools/dev demo): the console may write as WhatsApp users and set faults",
       [](Config& c, const std::string& v) {
         require_http_url("simulator-url", v);
         c.simulator_url = strip_trailing_slash(v);
       }},
      {"graph-ca", "extra PEM CA file trusted for the Cloud API",
       [](Config& c, const std::string& v) { c.graph_ca = v; }},
      {"phone-number-id", "the business phone number id",
       [](Config& c, const std::string& v) { c.phone_number_id = v; }},
      {"business-number", "the business WhatsApp number (digits), for wa.me links",
       [](Config& c, const std::string& v) {
         auto phone = normalize_e164(v.starts_with('+') ? v : "+" + v);
         if (!phone) fail("business-number", "not a phone number", v);
         c.business_number = wa_id_from_e164(*phone);
       }},
      {"access-token", "Cloud API bearer token", [](Config& c, const std::string& v) { c.access_token = v; }},
      {"app-secret", "key of X-Hub-Signature-256", [](Config& c, const std::string& v) { c.app_secret = v; }},
      {"verify-token", "expected hub.verify_token", [](Config& c, const std::string& v) { c.verify_token = v; }},
      {"admin-token", "bearer token of the admin API, at least 32 characters",
       [](Config& c, const std::string& v) {
         // A short token can be guessed despite the lockout: 20 tries an hour
         // from each of many addresses.
         if (v.size() < min_admin_token_chars) {
           throw ConfigError("--admin-token: must be at least " + std::to_string(min_admin_token_chars) +
                             " characters (got " + std::to_string(v.size()) + "); `openssl rand -hex 24` makes one");
         }
         c.admin_token = v;
       }},
      {"agents", "Name:+15551230001,Other:+15551230002", set_agents},
      {"agent-photos", "Name=https://shop.example/ana.jpg,...: agents' pictures for the widget's header",
       set_agent_photos},
      {"allowed-origins", "site origins allowed to embed the widget, or *", set_origins},
      {"faq", "Markdown FAQ for the built-in assistant", [](Config& c, const std::string& v) { c.faq = v; }},
      {"template-name", "approved template sent when the 24-hour window is closed",
       [](Config& c, const std::string& v) { c.template_name = v; }},
      {"template-language", "language code of that template",
       [](Config& c, const std::string& v) { c.template_language = v; }},
      {"assistant-name", "name the assistant signs with (default: \"Assistant\" in the widget's language)",
       [](Config& c, const std::string& v) { c.assistant_name = v; }},
      {"greeting", "the assistant's first message, in every language (default: ours, in the widget's language)",
       [](Config& c, const std::string& v) { c.greeting = v; }},
      {"greeting-en", "the first message for a widget in English", set_greeting_in<Lang::en>},
      {"greeting-es", "the first message for a widget in Spanish", set_greeting_in<Lang::es>},
      {"greeting-pt", "the first message for a widget in Portuguese", set_greeting_in<Lang::pt>},
      {"greeting-fr", "the first message for a widget in French", set_greeting_in<Lang::fr>},
      {"greeting-de", "the first message for a widget in German", set_greeting_in<Lang::de>},
      {"greeting-ar", "the first message for a widget in Arabic", set_greeting_in<Lang::ar>},
      {"faq-min-coverage", "how much of a question an FAQ entry must cover to be given as the answer (0.05-1)",
       [](Config& c, const std::string& v) { c.faq_min_coverage = parse_fraction("faq-min-coverage", v, 0.05, 1.0); }},
      {"faq-min-margin", "how far the best FAQ entry must score ahead of the next one, as a share of its score (0-1)",
       [](Config& c, const std::string& v) { c.faq_min_margin = parse_fraction("faq-min-margin", v, 0.0, 1.0); }},
      {"faq-min-belief", "how likely, by the assistant's model, the best FAQ entry must be to answer the question (0-1)",
       [](Config& c, const std::string& v) { c.faq_min_belief = parse_fraction("faq-min-belief", v, 0.0, 1.0); }},
      {"faq-min-belief-other-language",
       "the same, for a question in another language than the FAQ's (0-1)",
       [](Config& c, const std::string& v) {
         c.faq_min_belief_other_language = parse_fraction("faq-min-belief-other-language", v, 0.0, 1.0);
       }},
      {"faq-min-belief-to-suggest",
       "with no answer, how likely the best FAQ entry must be before the closest questions are suggested (0-1; 1: "
       "never)",
       [](Config& c, const std::string& v) {
         c.faq_min_belief_to_suggest = parse_fraction("faq-min-belief-to-suggest", v, 0.0, 1.0);
       }},
      {"graph-timeout-ms", "time limit of one Cloud API call",
       [](Config& c, const std::string& v) { c.graph_timeout_ms = parse_count("graph-timeout-ms", v, 100, 120000); }},
      {"graph-connections", "concurrent Cloud API connections",
       [](Config& c, const std::string& v) { c.graph_connections = parse_count("graph-connections", v, 1, 64); }},
      {"graph-rate", "Cloud API messages per second (Meta's default tier is 80)",
       [](Config& c, const std::string& v) { c.graph_rate_per_second = parse_count("graph-rate", v, 1, 1000); }},
      {"in-doubt-grace-ms", "wait for a status webhook before resending a call whose answer was lost",
       [](Config& c, const std::string& v) {
         c.in_doubt_grace_ms = parse_count("in-doubt-grace-ms", v, 100, 3600000);
       }},
      {"max-send-attempts", "attempts before a WhatsApp message is marked failed",
       [](Config& c, const std::string& v) { c.max_send_attempts = parse_count("max-send-attempts", v, 1, 100); }},
      {"llm-url", "OpenAI-compatible API base URL; the assistant then answers with that model",
       [](Config& c, const std::string& v) { c.llm_url = v; }},
      {"llm-key", "the model API's key (better from RELAY_LLM_KEY); kept sealed in the data folder",
       [](Config& c, const std::string& v) { c.llm_key = v; }},
      {"llm-model", "model name sent with each request", [](Config& c, const std::string& v) { c.llm_model = v; }},
      {"llm-embedding-model", "model for the FAQ's semantic search through /embeddings (default: --llm-model; none: off)",
       [](Config& c, const std::string& v) { c.llm_embedding_model = v; }},
      {"llm-prompt", "text file with the site owner's instructions for the model",
       [](Config& c, const std::string& v) { c.llm_prompt = v; }},
      {"llm-timeout-ms", "silence from the model before the FAQ assistant answers instead",
       [](Config& c, const std::string& v) { c.llm_timeout_ms = parse_count("llm-timeout-ms", v, 500, 300000); }},
      {"llm-ca", "extra PEM CA to trust for the model endpoint", [](Config& c, const std::string& v) { c.llm_ca = v; }},
      {"time-zone", "IANA time zone of the business hours, e.g. Europe/Lisbon",
       [](Config& c, const std::string& v) { c.time_zone = v; }},
      {"hours", "business hours: 24/7, or e.g. \"mon-fri 09:00-17:00; sat 10:00-14:00\"",
       [](Config& c, const std::string& v) { c.hours = v; }},
      {"holidays", "closed days, YYYY-MM-DD,YYYY-MM-DD", [](Config& c, const std::string& v) { c.holidays = v; }},
      {"agent-capacity", "most chats one agent holds at once",
       [](Config& c, const std::string& v) { c.agent_capacity = parse_count("agent-capacity", v, 1, 100); }},
      {"continue-template", "approved template sent to a visitor who continues on WhatsApp",
       [](Config& c, const std::string& v) { c.continue_template = v; }},
      {"call-template", "approved template confirming or cancelling a visitor's call-back",
       [](Config& c, const std::string& v) { c.call_template = v; }},
      {"call-minutes", "length of one call-back slot in minutes",
       [](Config& c, const std::string& v) { c.call_minutes = parse_count("call-minutes", v, 10, 240); }},
      {"call-notice-minutes", "earliest call-back slot, in minutes from now",
       [](Config& c, const std::string& v) {
         c.call_notice_minutes = parse_count("call-notice-minutes", v, 15, 7 * 24 * 60);
       }},
      {"smtp-url", "SMTP server for the e-mail fallback: smtp://host:587 (STARTTLS) or smtps://host:465",
       [](Config& c, const std::string& v) {
         if (!v.starts_with("smtp://") && !v.starts_with("smtps://")) fail("smtp-url", "must start with smtp:// or smtps://", v);
         c.smtp_url = v;
       }},
      {"smtp-user", "SMTP login", [](Config& c, const std::string& v) { c.smtp_user = v; }},
      {"smtp-password", "SMTP password (better from RELAY_SMTP_PASSWORD)",
       [](Config& c, const std::string& v) { c.smtp_password = v; }},
      {"smtp-from", "sender of the fallback e-mails, e.g. \"Shop <support@shop.example>\"",
       [](Config& c, const std::string& v) { c.smtp_from = v; }},
      {"support-email", "where visitors' messages go when nobody can answer",
       [](Config& c, const std::string& v) { c.support_email = v; }},
      {"smtp-ca", "a PEM CA to trust instead of the system's for the SMTP server",
       [](Config& c, const std::string& v) { c.smtp_ca = v; }},
      {"mail-retry-ms", "wait before retrying a mail the server did not take (doubles each time, at most 1 h)",
       [](Config& c, const std::string& v) { c.mail_retry_ms = parse_count("mail-retry-ms", v, 100, 3600000); }},
      {"queue-timeout-s", "seconds a chat waits for an agent before the visitor is offered the other ways",
       [](Config& c, const std::string& v) { c.queue_timeout_s = parse_count("queue-timeout-s", v, 1, 86400); }},
      {"assistant-after-end", "silent (default): once an agent ends a chat, the assistant answers when the visitor writes again; resume: the visitor is told at once",
       [](Config& c, const std::string& v) {
         if (v != "silent" && v != "resume") fail("assistant-after-end", "must be silent or resume", v);
         c.assistant_after_end = v;
       }},
      {"ws-idle-timeout-s", "seconds of silence from a tab before its live stream is closed (pinged at half)",
       [](Config& c, const std::string& v) { c.ws_idle_timeout_s = parse_count("ws-idle-timeout-s", v, 2, 3600); }},
      {"trusted-proxies", "proxies (CIDR list) whose X-Forwarded-For names the client",
       [](Config& c, const std::string& v) { c.trusted_proxies = parse_ranges("trusted-proxies", v); }},
      {"admin-allow", "addresses (CIDR list) allowed to use the admin API; default any",
       [](Config& c, const std::string& v) { c.admin_allow = parse_ranges("admin-allow", v); }},
      {"webhook-allow", "addresses (CIDR list) allowed to post webhooks; default any",
       [](Config& c, const std::string& v) { c.webhook_allow = parse_ranges("webhook-allow", v); }},
      {"max-connections", "open connections in all (default: what the file limit safely allows)",
       [](Config& c, const std::string& v) { c.max_connections = parse_count("max-connections", v, 16, 1000000); }},
      {"max-connections-per-ip", "open connections from one address (trusted proxies excepted)",
       [](Config& c, const std::string& v) {
         c.max_connections_per_ip = parse_count("max-connections-per-ip", v, 1, 1000000);
       }},
      {"max-attachment-mb", "largest file a visitor may attach, in MiB",
       [](Config& c, const std::string& v) { c.max_attachment_mb = parse_count("max-attachment-mb", v, 1, 100); }},
      {"attachment-quota-mb", "MiB of files one chat may upload in all",
       [](Config& c, const std::string& v) { c.attachment_quota_mb = parse_count("attachment-quota-mb", v, 1, 10000); }},
      {"max-body-memory-mb", "MiB of request bodies held in memory at once",
       [](Config& c, const std::string& v) { c.max_body_memory_mb = parse_count("max-body-memory-mb", v, 4, 65536); }},
      {"max-upload-memory-mb", "MiB of files being uploaded held at once, apart from other request bodies",
       [](Config& c, const std::string& v) {
         c.max_upload_memory_mb = parse_count("max-upload-memory-mb", v, 1, 65536);
       }},
      {"max-uploads-per-ip", "files being uploaded at once from one address (trusted proxies excepted)",
       [](Config& c, const std::string& v) { c.max_uploads_per_ip = parse_count("max-uploads-per-ip", v, 1, 10000); }},
      {"secret-key-file",
       "the relay's 32-byte secret key, kept outside the data folder (default: data/secret.key, made on first use)",
       [](Config& c, const std::string& v) { c.secret_key_file = v; }},
      {"retention-days", "days a chat is kept after its last activity, then erased (0 keeps chats for ever)",
       [](Config& c, const std::string& v) { c.retention_days = parse_count("retention-days", v, 0, 36500); }},
      {"limit-sessions-per-ip", "new chats per address (default 30/h)",
       rate_setter("limit-sessions-per-ip", &AbuseRates::sessions_per_ip)},
      {"limit-messages-per-session", "visitor messages per chat (default 20/min)",
       rate_setter("limit-messages-per-session", &AbuseRates::messages_per_session)},
      {"limit-messages-per-ip", "visitor messages per address (default 120/min)",
       rate_setter("limit-messages-per-ip", &AbuseRates::messages_per_ip)},
      {"limit-handoffs-per-session", "requests for a person per chat (default 6/h)",
       rate_setter("limit-handoffs-per-session", &AbuseRates::handoffs_per_session)},
      {"limit-handoffs-per-ip", "requests for a person per address (default 10/h)",
       rate_setter("limit-handoffs-per-ip", &AbuseRates::handoffs_per_ip)},
      {"limit-open-handoffs-per-ip", "chats with a person one address may hold at once (default 3; 0: any number)",
       [](Config& c, const std::string& v) {
         c.open_handoffs_per_ip = parse_count("limit-open-handoffs-per-ip", v, 0, 100000);
       }},
      {"limit-emails-per-session", "messages left for the team per chat (default 2/h)",
       rate_setter("limit-emails-per-session", &AbuseRates::emails_per_session)},
      {"limit-emails-per-ip", "messages left for the team per address (default 4/h)",
       rate_setter("limit-emails-per-ip", &AbuseRates::emails_per_ip)},
      {"limit-connects-per-ip", "live-stream connections per address (default 120/min)",
       rate_setter("limit-connects-per-ip", &AbuseRates::connects_per_ip)},
      {"limit-admin-failures-per-ip", "wrong admin tokens per address before it is locked out (default 20/h)",
       rate_setter("limit-admin-failures-per-ip", &AbuseRates::admin_failures_per_ip)},
      {"log-level", "debug, info, warn or error",
       [](Config& c, const std::string& v) {
         if (v != "debug" && v != "info" && v != "warn" && v != "error") fail("log-level", "unknown level", v);
         c.log_level = v;
       }},
  };
  return table;
}

const Option* find_option(std::string_view flag) {
  for (const auto& option : options()) {
    if (option.flag == flag) return &option;
  }
  return nullptr;
}

std::string env_name(std::string_view flag) {
  std::string name = "RELAY_";
  for (char c : flag) name += c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return name;
}

std::string flag_from_toml_key(std::string_view key) {
  std::string flag(key);
  for (auto& c : flag) {
    if (c == '_') c = '-';
  }
  return flag;
}

// TOML values become the same strings a flag would carry.
std::string toml_value_text(const std::string& key, const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (node.is_integer()) return std::to_string(*node.value<std::int64_t>());
  if (node.is_boolean()) return *node.value<bool>() ? "true" : "false";
  if (const auto* array = node.as_array()) {
    std::string joined;
    for (const auto& item : *array) {
      auto s = item.value<std::string>();
      if (!s) throw ConfigError("config file: " + key + " must be a list of strings");
      if (!joined.empty()) joined += ',';
      joined += *s;
    }
    return joined;
  }
  throw ConfigError("config file: " + key + " has a type the relay does not read");
}

std::map<std::string, std::string> read_toml(const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw ConfigError("config file " + path + ": " + std::string(e.description()) + " at line " +
                      std::to_string(e.source().begin.line));
  }
  std::map<std::string, std::string> values;
  for (const auto& [key, node] : table) {
    auto flag = flag_from_toml_key(key.str());
    if (!find_option(flag))
      throw ConfigError("config file " + path + ": unknown setting '" + std::string(key.str()) + "'");
    values[flag] = toml_value_text(std::string(key.str()), node);
  }
  return values;
}

}  // namespace

Config load_config(const ConfigSources& sources) {
  std::map<std::string, std::string> from_flags;
  std::optional<std::string> config_file;
  std::vector<FlagSpec> flags{{"config", "FILE.toml", "settings file; flags and RELAY_<FLAG> win over it"}};
  for (const auto& option : options()) flags.push_back(FlagSpec{option.flag, {}, option.help});
  try {
    for (auto& [flag, value] : read_flags(sources.args, flags)) {
      if (flag == "config") config_file = value;
      else from_flags[flag] = value;
    }
  } catch (const CommandLineError& e) {
    throw ConfigError(e.what());
  }
  if (!config_file) {
    if (auto it = sources.environment.find("RELAY_CONFIG"); it != sources.environment.end()) config_file = it->second;
  }

  std::map<std::string, std::string> merged;
  if (config_file) merged = read_toml(*config_file);
  for (const auto& option : options()) {
    auto flag = std::string(option.flag);
    if (auto it = sources.environment.find(env_name(flag)); it != sources.environment.end()) merged[flag] = it->second;
    if (auto it = from_flags.find(flag); it != from_flags.end()) merged[flag] = it->second;
  }

  Config config;
  for (const auto& [flag, value] : merged) find_option(flag)->apply(config, value);
  attach_agent_photos(config);
  return config;
}

std::string config_usage() {
  std::string out =
      "usage: relay [--config FILE.toml] [--flag value ...]\n"
      "Every flag can also be set as RELAY_<FLAG> in the environment or as flag_name in the TOML file;\n"
      "flags win over the environment, which wins over the file.\n\n";
  std::vector<FlagSpec> flags;
  for (const auto& option : options()) flags.push_back(FlagSpec{option.flag, {}, option.help});
  out += flag_usage(flags);
  return out;
}

}  // namespace baton
