#include "relay/api/mail_setting.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include "common/email.hpp"
#include "relay/core/json_fields.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"
#include "relay/mail/mail_message.hpp"

namespace baton {
namespace {

constexpr std::string_view mail_key = "mail_account";

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

bool MailSetting::restore(Config& config, StoreTx& reader, const SecretBox& box) {
  auto stored = reader.settings().get(mail_key);
  if (!stored) return false;
  auto opened = box.open(*stored);
  boost::system::error_code ec;
  auto value = opened ? json::parse(*opened, ec) : json::value();
  const auto* o = opened && !ec ? value.if_object() : nullptr;
  if (!o) {
    log::warn("the e-mail fallback set on the admin page cannot be opened (another secret key?): using the flags");
    return false;
  }
  from_json(*o).apply_to(config);
  return true;
}

net::awaitable<std::optional<Response>> MailSetting::change(const Request& request) {
  std::optional<MailAccount> chosen;
  if (request.method() == http::verb::put) {
    auto parsed = parse_object(request.body());
    if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
    auto read = requested(std::get<json::object>(parsed), MailAccount::of(config_));
    if (auto* problem = std::get_if<std::string>(&read)) {
      co_return error_response(request, ApiError{400, "invalid_mail", *problem});
    }
    chosen = std::get<MailAccount>(std::move(read));
  }
  auto sealed = chosen ? box_.seal(json::serialize(to_json(*chosen))) : std::string();
  auto outcome = co_await await_callback<Outcome<bool>>(
      [&](auto done) { service_.save_setting(std::string(mail_key), sealed, std::move(done)); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  // Stored first, then in force.
  (chosen ? *chosen : flags_).apply_to(config_);
  from_admin_ = chosen.has_value();
  worker_.set_settings(smtp_settings(config_));
  service_.mail_changed();
  co_return std::nullopt;
}

}  // namespace baton
