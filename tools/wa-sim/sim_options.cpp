#include "tools/wa-sim/sim_options.hpp"

#include <functional>
#include <map>

#include "common/phone.hpp"
#include "relay/core/command_line.hpp"
#include "relay/core/log.hpp"

namespace baton::sim {
namespace {

template <class Int>
Int parse_int(const std::string& flag, std::string_view text, Int min, Int max) {
  return static_cast<Int>(parse_whole_number(std::string_view(flag).substr(2), text, static_cast<std::uint64_t>(min),
                                             static_cast<std::uint64_t>(max)));
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

const FlagSpec flags[] = {
    {"listen", "HOST:PORT", "Graph API and /sim/ control API (port 0: any free port)"},
    {"webhook-url", "URL", "where signed webhooks go (http or https)"},
    {"app-secret", "SECRET", "key of X-Hub-Signature-256"},
    {"access-token", "TOKEN", "bearer token the Graph API accepts (default sim-access-token)"},
    {"phone-number-id", "ID", "the business phone number id (default 100000000000001)"},
    {"business-number", "DIGITS", "display_phone_number (default 15550001234)"},
    {"waba-id", "ID", "entry[].id of webhooks (default 100000000000099)"},
    {"business-name", "NAME",
     "the number's verified name, as GET /{phone-number-id} gives it (default Baton Demo Shop)"},
    {"tls-cert", "FILE", "serve --listen over HTTPS (with --tls-key)"},
    {"tls-key", "FILE", "the key of --tls-cert"},
    {"control-listen", "HOST:PORT", "plain-HTTP listener for /sim/ and the phone page only"},
    {"templates", "LIST",
     "approved templates, name:lang:params[:Btn|Btn],... (default baton_reconnect:en:1,baton_continue:en:1,baton_call:en:1)"},
    {"users", "LIST", "people for the phone page, Name:+E164,..."},
    {"rate", "N", "messages per second per number (default 80; 130429)"},
    {"pair-burst", "N", "messages to one user in a burst (default 45; 131056)"},
    {"pair-interval-ms", "MS", "refill of the pair burst, one per MS (default 6000)"},
    {"webhook-retry-ms", "MS", "first retry delay, doubling up to 60 s (default 1000)"},
    {"webhook-max-attempts", "N", "attempts per webhook before giving up (default 50)"},
    {"webhook-timeout-ms", "MS", "time limit of one delivery attempt (default 10000)"},
    {"webhook-concurrency", "N", "deliveries in flight at once (default 4)"},
    {"webhook-ca", "FILE", "extra CA to trust for an https webhook URL"},
    {"escape-slashes", "on|off", "also write \"/\" as \"\\/\" in webhook bodies (default off)"},
    {"status-delay-ms", "MS", "accept -> sent -> delivered spacing (default 30)"},
    {"window-errors", "sync|async", "how 131047 is reported (default async)"},
    {"edit-webhooks", "edit|unsupported",
     "how users' edits and deletions arrive: Meta's edit/revoke messages, or unsupported ones (default edit)"},
    {"media-url-ttl-s", "S", "lifetime of a media download URL (default 300, as Meta's)"},
    {"log-level", "LEVEL", "debug, info, warn or error (default info)"},
};

// `flag` with its dashes, for messages.
using Setter = std::function<void(SimOptions&, const std::string& flag, const std::string& value)>;

const std::map<std::string, Setter, std::less<>>& setters() {
  static const std::map<std::string, Setter, std::less<>> table{
      {"listen", [](auto& o, auto& f, auto& v) { o.listen = parse_host_port(std::string_view(f).substr(2), v); }},
      {"control-listen",
       [](auto& o, auto& f, auto& v) { o.control_listen = parse_host_port(std::string_view(f).substr(2), v); }},
      {"webhook-url", [](auto& o, auto&, auto& v) { o.webhook_url = v; }},
      {"app-secret", [](auto& o, auto&, auto& v) { o.app_secret = v; }},
      {"access-token", [](auto& o, auto&, auto& v) { o.access_token = v; }},
      {"phone-number-id",
       [](auto& o, auto& f, auto& v) {
         if (!all_digits(v)) throw OptionError(f + ": expected digits, got \"" + v + "\"");
         o.phone_number_id = v;
       }},
      {"business-number",
       [](auto& o, auto& f, auto& v) {
         auto digits = v.starts_with('+') ? v.substr(1) : v;
         if (!e164_from_wa_id(digits)) throw OptionError(f + ": expected a phone number's digits, got \"" + v + "\"");
         o.business_number = digits;
       }},
      {"business-name", [](auto& o, auto&, auto& v) { o.business_name = v; }},
      {"waba-id",
       [](auto& o, auto& f, auto& v) {
         if (!all_digits(v)) throw OptionError(f + ": expected digits, got \"" + v + "\"");
         o.waba_id = v;
       }},
      {"tls-cert", [](auto& o, auto&, auto& v) { o.tls_cert = v; }},
      {"tls-key", [](auto& o, auto&, auto& v) { o.tls_key = v; }},
      {"webhook-ca", [](auto& o, auto&, auto& v) { o.webhook_ca = v; }},
      {"templates",
       [](auto& o, auto& f, auto& v) {
         try {
           o.templates = TemplateRegistry::parse(v);
         } catch (const std::invalid_argument& e) {
           throw OptionError(f + ": " + e.what());
         }
       }},
      {"users", [](auto& o, auto&, auto& v) { o.users = parse_users(v); }},
      {"rate", [](auto& o, auto& f, auto& v) { o.rate_per_second = parse_int<std::uint32_t>(f, v, 1, 1000000); }},
      {"pair-burst", [](auto& o, auto& f, auto& v) { o.pair_burst = parse_int<std::uint32_t>(f, v, 1, 1000000); }},
      {"pair-interval-ms",
       [](auto& o, auto& f, auto& v) { o.pair_interval_ms = parse_int<std::int64_t>(f, v, 1, 86400000); }},
      {"webhook-retry-ms",
       [](auto& o, auto& f, auto& v) { o.webhook_retry_ms = parse_int<std::int64_t>(f, v, 1, 3600000); }},
      {"webhook-max-attempts",
       [](auto& o, auto& f, auto& v) { o.webhook_max_attempts = parse_int<std::uint32_t>(f, v, 1, 100000); }},
      {"webhook-timeout-ms",
       [](auto& o, auto& f, auto& v) { o.webhook_timeout_ms = parse_int<std::int64_t>(f, v, 1, 600000); }},
      {"webhook-concurrency",
       [](auto& o, auto& f, auto& v) { o.webhook_concurrency = parse_int<std::uint32_t>(f, v, 1, 64); }},
      {"escape-slashes",
       [](auto& o, auto& f, auto& v) {
         if (v != "on" && v != "off") throw OptionError(f + ": expected on or off, got \"" + v + "\"");
         o.escape_slashes = v == "on";
       }},
      {"status-delay-ms",
       [](auto& o, auto& f, auto& v) { o.status_delay_ms = parse_int<std::int64_t>(f, v, 0, 3600000); }},
      {"media-url-ttl-s",
       [](auto& o, auto& f, auto& v) { o.media_url_ttl_s = parse_int<std::int64_t>(f, v, 1, 86400); }},
      {"window-errors",
       [](auto& o, auto& f, auto& v) {
         if (v != "sync" && v != "async") throw OptionError(f + ": expected sync or async, got \"" + v + "\"");
         o.window_errors = v == "sync" ? WindowErrors::sync : WindowErrors::async;
       }},
      {"edit-webhooks",
       [](auto& o, auto& f, auto& v) {
         auto form = parse_edit_webhooks(v);
         if (!form) throw OptionError(f + ": expected edit or unsupported, got \"" + v + "\"");
         o.edit_webhooks = *form;
       }},
      {"log-level",
       [](auto& o, auto& f, auto& v) {
         log::Level level{};
         if (!log::parse_level(v, level)) throw OptionError(f + ": expected debug, info, warn or error");
         o.log_level = v;
       }},
  };
  return table;
}

}  // namespace

std::optional<EditWebhooks> parse_edit_webhooks(std::string_view text) {
  if (text == "edit") return EditWebhooks::edit;
  if (text == "unsupported") return EditWebhooks::unsupported;
  return std::nullopt;
}

std::string_view to_string(EditWebhooks form) { return form == EditWebhooks::edit ? "edit" : "unsupported"; }

std::vector<SimUser> parse_users(std::string_view list) {
  std::vector<SimUser> users;
  std::size_t start = 0;
  while (start <= list.size() && !list.empty()) {
    auto end = list.find(',', start);
    auto item = list.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    auto colon = item.rfind(':');
    auto phone = colon == std::string_view::npos ? std::nullopt : normalize_e164(item.substr(colon + 1));
    if (!phone || colon == 0) {
      throw OptionError("--users: expected Name:+E164, got \"" + std::string(item) + "\"");
    }
    users.push_back(SimUser{std::string(item.substr(0, colon)), *phone});
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return users;
}

SimOptions parse_options(const std::vector<std::string>& args) {
  SimOptions options;
  options.templates = TemplateRegistry::parse("baton_reconnect:en:1,baton_continue:en:1,baton_call:en:1");
  bool have_listen = false;
  try {
    for (const auto& [name, value] : read_flags(args, flags)) {
      setters().at(name)(options, "--" + name, value);
      have_listen = have_listen || name == "listen";
    }
  } catch (const CommandLineError& e) {
    throw OptionError(e.what());
  }
  if (!have_listen) throw OptionError("--listen HOST:PORT is required");
  if (options.webhook_url.empty()) throw OptionError("--webhook-url URL is required");
  if (!options.webhook_url.starts_with("http://") && !options.webhook_url.starts_with("https://")) {
    throw OptionError("--webhook-url: expected an http:// or https:// URL, got \"" + options.webhook_url + "\"");
  }
  if (options.app_secret.empty()) throw OptionError("--app-secret SECRET is required (webhooks are signed with it)");
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    throw OptionError("--tls-cert and --tls-key go together");
  }
  if (options.access_token.empty()) throw OptionError("--access-token: must not be empty");
  return options;
}

std::string options_usage() {
  return "usage: wa-sim --listen HOST:PORT --webhook-url URL --app-secret SECRET [flags]\n\n"
         "A simulator of Meta's WhatsApp Cloud API for demos and tests (docs/wa-sim.md).\n\n" +
         flag_usage(flags);
}

}  // namespace baton::sim
