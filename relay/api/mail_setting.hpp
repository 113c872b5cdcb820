#pragma once
// The e-mail fallback as the admin page sets it (docs/admin.md, "E-mail
// fallback"): PUT /v1/admin/mail/settings {"server", "user", "password",
// "from", "to"} and DELETE (back to the flags). The password is write-only:
// an empty one keeps the password in force for the same server. An empty
// server turns the fallback off. The setting is stored sealed, wins over
// the flags at the next start, and applies at once: the next e-mail sent
// and whether visitors are offered to leave a message.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "relay/conversation/conversation_service.hpp"
#include "relay/core/config.hpp"
#include "relay/core/secret_box.hpp"
#include "relay/http/http_types.hpp"
#include "relay/workers/mail_worker.hpp"

namespace baton {

struct MailAccount {
  std::string server;  // smtp://host:587 or smtps://host:465
  std::string user;
  std::string password;
  std::string from;
  std::string to;

  static MailAccount of(const Config& config);
  void apply_to(Config& config) const;
};

class MailSetting {
 public:
  // At start, before anything reads the settings: stored ones replace the
  // flags' in `config`. True when they did.
  static bool restore(Config& config, SettingsTable& settings, const SecretBox& box);
  static constexpr std::string_view setting_key = "mail_account";

  MailSetting(Config& config, MailAccount flags, bool from_admin, ConversationService& service, MailWorker& worker,
              SecretBox box)
      : config_(config),
        flags_(std::move(flags)),
        from_admin_(from_admin),
        service_(service),
        worker_(worker),
        box_(std::move(box)) {}

  // PUT or DELETE: an error response, or nullopt once the settings are in force.
  boost::asio::awaitable<std::optional<Response>> change(const Request& request);
  bool from_admin() const { return from_admin_; }
  // Another relay of the cluster changed the settings: what is stored (or
  // the flags') is in force from now on.
  void reload(SettingsTable& settings);

 private:
  void put_in_force(const MailAccount& account, bool from_admin);

  Config& config_;
  MailAccount flags_;
  bool from_admin_;
  ConversationService& service_;
  MailWorker& worker_;
  SecretBox box_;
};

// The SMTP settings `config` gives the mail worker.
SmtpSettings smtp_settings(const Config& config);

}  // namespace baton
