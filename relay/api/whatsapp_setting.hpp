#pragma once
// WhatsApp's account as the admin page sets it (docs/admin.md, "WhatsApp"):
// PUT /v1/admin/whatsapp {"phone_number_id", "business_number",
// "access_token", "app_secret", "verify_token", "templates": {"reconnect",
// "continue", "call", "language"}} and DELETE (back to the
// flags). The secrets are write-only: an empty or absent one keeps the
// value in force, and answers only ever say whether one is set. The account
// is stored sealed (relay/core/secret_box.hpp), wins over the flags at the
// next start, and applies at once, on every relay of a cluster: the next
// Cloud API call, the next webhook's signature check and the agents who can
// be reached.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "relay/conversation/conversation_service.hpp"
#include "relay/core/config.hpp"
#include "relay/core/secret_box.hpp"
#include "relay/http/http_types.hpp"
#include "relay/whatsapp/graph_client.hpp"

namespace baton {

struct WhatsappAccount {
  std::string phone_number_id;
  std::string business_number;
  std::string access_token;
  std::string app_secret;
  std::string verify_token;
  // The approved message templates' names and their language (Meta's code).
  std::string reconnect_template;
  std::string continue_template;
  std::string call_template;
  std::string template_language;

  static WhatsappAccount of(const Config& config);
  void apply_to(Config& config) const;
  friend bool operator==(const WhatsappAccount&, const WhatsappAccount&) = default;
};

class WhatsappSetting {
 public:
  // At start, before anything reads the account: a stored one replaces the
  // flags' in `config`. True when it did.
  static bool restore(Config& config, SettingsTable& settings, const SecretBox& box);
  static constexpr std::string_view setting_key = "whatsapp_account";

  WhatsappSetting(Config& config, WhatsappAccount flags, bool from_admin, ConversationService& service,
                  GraphClient& graph, SecretBox box)
      : config_(config),
        flags_(std::move(flags)),
        from_admin_(from_admin),
        service_(service),
        graph_(graph),
        box_(std::move(box)) {}

  // PUT or DELETE: an error response, or nullopt once the account is in force.
  boost::asio::awaitable<std::optional<Response>> change(const Request& request);
  bool from_admin() const { return from_admin_; }
  // Another relay of the cluster changed the account: what is stored (or
  // the flags') is in force from now on.
  void reload(SettingsTable& settings);

 private:
  void put_in_force(const WhatsappAccount& account, bool from_admin);

  Config& config_;
  WhatsappAccount flags_;
  bool from_admin_;
  ConversationService& service_;
  GraphClient& graph_;
  SecretBox box_;
};

}  // namespace baton
