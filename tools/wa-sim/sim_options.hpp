#pragma once
// wa-sim's command line. Every default mirrors what Meta does unless a flag
// says otherwise (docs/wa-sim.md lists them all).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "relay/core/command_line.hpp"
#include "tools/wa-sim/template_registry.hpp"

namespace baton::sim {

using baton::HostPort;

struct SimUser {
  std::string name;
  std::string phone;  // E.164
};

// How 131047 (customer service window closed) reaches the business: Meta
// mostly accepts the send and fails it in a status webhook, sometimes it
// refuses the call outright.
enum class WindowErrors { async, sync };

// How a user's edit or deletion of a message reaches the business. Meta
// documents `edit` and `revoke` messages for WhatsApp Business app
// ("Coexistence") numbers; every other number, and since June 2026 for the
// time being every number, gets an `unsupported` message instead, which does
// not say which message changed.
enum class EditWebhooks { edit, unsupported };

// "edit" or "unsupported"; nothing for anything else.
std::optional<EditWebhooks> parse_edit_webhooks(std::string_view text);
std::string_view to_string(EditWebhooks form);

struct SimOptions {
  HostPort listen;
  std::optional<HostPort> control_listen;
  std::string webhook_url;
  std::string app_secret;
  std::string access_token = "sim-access-token";
  std::string phone_number_id = "100000000000001";
  std::string business_number = "15550001234";
  std::string business_name = "Baton Demo Shop";  // the number's verified name
  std::string waba_id = "100000000000099";
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  std::filesystem::path webhook_ca;
  std::vector<TemplateSpec> templates;
  std::vector<SimUser> users;

  double rate_per_second = 80;
  std::uint32_t pair_burst = 45;
  std::int64_t pair_interval_ms = 6000;

  std::int64_t webhook_retry_ms = 1000;
  std::uint32_t webhook_max_attempts = 50;
  std::int64_t webhook_timeout_ms = 10000;
  std::uint32_t webhook_concurrency = 4;
  bool escape_slashes = false;

  std::int64_t status_delay_ms = 30;
  std::int64_t media_url_ttl_s = 300;  // Meta's media URLs last five minutes
  WindowErrors window_errors = WindowErrors::async;
  EditWebhooks edit_webhooks = EditWebhooks::edit;
  std::string log_level = "info";

  bool tls() const { return !tls_cert.empty(); }
};

class OptionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `args` without argv[0]; "--flag value" and "--flag=value" both work.
// Throws OptionError naming the flag. `--help` is not handled here.
SimOptions parse_options(const std::vector<std::string>& args);

std::string options_usage();

// "Ana:+15551230001,Bo:+15551230002"; throws OptionError.
std::vector<SimUser> parse_users(std::string_view list);

}  // namespace baton::sim
