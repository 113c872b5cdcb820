#include "relay/api/mail_setting.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

#include "common/email.hpp"
#include "relay/api/sealed_setting.hpp"
#include "relay/core/json_fields.hpp"
#include "relay/core/net.hpp"
#include "relay/mail/mail_message.hpp"

namespace baton {
namespace {

json::object to_json(const MailAccount& a) {
  return json::object{{"server", a.server}, {"user", a.user}, {"password", a.password}, {"from", a.from}, {"to", a.to}};
}

MailAccount from_json(const json::object& o) {
  return MailAccount{text_at(o, "server"), text_at(o, "user"), text_at(o, "password"), text_at(o, "from"),
                     text_at(o, "to")};
}

// The settings a PUT asks for, a password left out kept from `now` when the
// server is the same; or what is wrong with them.
std::variant<MailAccount, std::string> requested(const json::object& body, const MailAccount& now) {
  auto a = from_json(body);
  if (a.server.empty()) return MailAccount{};  // off
  auto url = boost::urls::parse_absolute_uri(a.server);
  if (!url || (url->scheme() != "smtp" && url->scheme() != "smtps") || url->host().empty() || url->has_userinfo()) {
    return std::string("the server is smtp://host:587 (STARTTLS) or smtps://host:465, without a login in it");
  }
  if (a.user.size() > 200 || a.password.size() > 200) return std::string("the login is at most 200 characters");
  for (auto [field, what] : {std::pair{&a.from, "the sender"}, std::pair{&a.to, "the support address"}}) {
    if (field->size() > 254 || !is_plausible_email(bare_address(*field))) {
      return std::string(what) + " is an e-mail address, such as shop@example.com or \"Shop\" <shop@example.com>";
    }
  }
  if (a.password.empty() && a.server == now.server && a.user == now.user) a.password = now.password;
  return a;
}

}  // namespace

MailAccount MailAccount::of(const Config& c) {
  return MailAccount{c.smtp_url, c.smtp_user, c.smtp_password, c.smtp_from, c.support_email};
}

void MailAccount::apply_to(Config& c) const {
  c.smtp_url = server;
  c.smtp_user = user;
  c.smtp_password = password;
  c.smtp_from = from;
  c.support_email = to;
}

SmtpSettings smtp_settings(const Config& c) {
  return SmtpSettings{c.smtp_url, c.smtp_user, c.smtp_password, c.smtp_from, c.smtp_ca};
}

bool MailSetting::restore(Config& config, SettingsTable& settings, const SecretBox& box) {
  auto stored = open_sealed_setting(settings, setting_key, box, "the e-mail fallback");
  if (!stored) return false;
  from_json(*stored).apply_to(config);
  return true;
}

net::awaitable<std::optional<Response>> MailSetting::change(const Request& request) {
  std::optional<MailAccount> chosen;
  if (request.method() == http::verb::put) {
    auto now = MailAccount::of(config_);
    auto read = read_put<MailAccount>(request, "invalid_mail",
                                      [&](const json::object& body) { return requested(body, now); });
    if (auto* refused = std::get_if<Response>(&read)) co_return std::move(*refused);
    chosen = std::get<MailAccount>(std::move(read));
  }
  std::optional<json::object> stored;
  if (chosen) stored = to_json(*chosen);
  std::string key(setting_key);
  if (auto refused = co_await store_sealed_setting(request, service_, key, stored, box_)) co_return refused;
  // Stored first, then in force.
  put_in_force(chosen ? *chosen : flags_, chosen.has_value());
  co_return std::nullopt;
}

void MailSetting::reload(SettingsTable& settings) {
  auto stored = open_sealed_setting(settings, setting_key, box_, "the e-mail fallback");
  put_in_force(stored ? from_json(*stored) : flags_, stored.has_value());
}

void MailSetting::put_in_force(const MailAccount& account, bool from_admin) {
  account.apply_to(config_);
  from_admin_ = from_admin;
  worker_.set_settings(smtp_settings(config_));
  service_.mail_changed();
}

}  // namespace baton
