#include "relay/api/whatsapp_setting.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <tuple>

#include "common/phone.hpp"
#include "relay/api/sealed_setting.hpp"
#include "relay/core/json_fields.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {
namespace {

bool is_digits(std::string_view text, std::size_t most) {
  return !text.empty() && text.size() <= most &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A token or secret as Meta gives it: printable, no spaces (a pasted line
// break or a quote would never match).
bool is_secret(std::string_view text, std::size_t most) {
  return text.size() <= most && std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// Meta's rules: a template's name is lower-case letters, digits and
// underscores; its language a code such as en, en_US or pt_BR.
bool is_template_name(std::string_view name) {
  return !name.empty() && name.size() <= 512 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_language_code(std::string_view code) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto cut = code.find('_');
  auto language = code.substr(0, cut);
  if (language.size() < 2 || language.size() > 3 || !std::all_of(language.begin(), language.end(), lower)) return false;
  if (cut == std::string_view::npos) return true;
  auto region = code.substr(cut + 1);
  return region.size() >= 2 && region.size() <= 4 && std::all_of(region.begin(), region.end(), upper);
}

json::object to_json(const WhatsappAccount& a) {
  return json::object{{"phone_number_id", a.phone_number_id},     {"business_number", a.business_number},
                      {"access_token", a.access_token},           {"app_secret", a.app_secret},
                      {"verify_token", a.verify_token},           {"reconnect_template", a.reconnect_template},
                      {"continue_template", a.continue_template}, {"call_template", a.call_template},
                      {"template_language", a.template_language}};
}

// The account a PUT asks for, the secrets it leaves out kept from `now`; or
// what is wrong with it.
std::variant<WhatsappAccount, std::string> requested(const json::object& body, const WhatsappAccount& now) {
  WhatsappAccount a;
  a.phone_number_id = text_at(body, "phone_number_id");
  if (!is_digits(a.phone_number_id, 20)) {
    return std::string("the phone number id is the number's id in Meta's WhatsApp Manager: digits only");
  }
  auto number = text_at(body, "business_number");
  auto e164 = normalize_e164(number.starts_with('+') ? number : "+" + number);
  if (!e164) return std::string("the business number is the WhatsApp number visitors write to, such as +15550001234");
  a.business_number = e164->substr(1);  // as --business-number has it: digits
  for (auto [key, field, most] : {std::tuple{"access_token", &WhatsappAccount::access_token, std::size_t{1024}},
                                  std::tuple{"app_secret", &WhatsappAccount::app_secret, std::size_t{128}},
                                  std::tuple{"verify_token", &WhatsappAccount::verify_token, std::size_t{200}}}) {
    auto given = text_at(body, key);
    if (!is_secret(given, most)) {
      return std::string(key) + " is at most " + std::to_string(most) + " characters without spaces";
    }
    a.*field = given.empty() ? now.*field : given;
  }
  const auto* templates = body.if_contains("templates");
  const auto* named = templates && templates->is_object() ? &templates->get_object() : nullptr;
  for (auto [key, field] : {std::pair{"reconnect", &WhatsappAccount::reconnect_template},
                            std::pair{"continue", &WhatsappAccount::continue_template},
                            std::pair{"call", &WhatsappAccount::call_template}}) {
    auto given = named ? text_at(*named, key) : std::string();
    a.*field = given.empty() ? now.*field : given;
    if (!is_template_name(a.*field)) {
      return "the " + std::string(key) + " template's name is as Meta shows it: lower-case letters, digits and _";
    }
  }
  auto language = named ? text_at(*named, "language") : std::string();
  a.template_language = language.empty() ? now.template_language : language;
  if (!is_language_code(a.template_language)) {
    return std::string("the templates' language is Meta's code for it, such as en, en_US, es or pt_BR");
  }
  if (a.access_token.empty()) return std::string("an access token is needed to send (a system user's token)");
  if (a.app_secret.empty()) return std::string("the app secret is needed to check that webhooks come from Meta");
  return a;
}

}  // namespace

WhatsappAccount WhatsappAccount::of(const Config& c) {
  return WhatsappAccount{c.phone_number_id, c.business_number,   c.access_token,  c.app_secret,       c.verify_token,
                         c.template_name,   c.continue_template, c.call_template, c.template_language};
}

void WhatsappAccount::apply_to(Config& c) const {
  c.phone_number_id = phone_number_id;
  c.business_number = business_number;
  c.access_token = access_token;
  c.app_secret = app_secret;
  c.verify_token = verify_token;
  c.template_name = reconnect_template;
  c.continue_template = continue_template;
  c.call_template = call_template;
  c.template_language = template_language;
}

namespace {

// The account the admin page stored, if one is and it opens. Accounts saved
// before templates were on the page keep `flags`' templates.
std::optional<WhatsappAccount> stored_account(SettingsTable& settings, const SecretBox& box,
                                              const WhatsappAccount& flags) {
  auto stored = open_sealed_setting(settings, WhatsappSetting::setting_key, box, "the WhatsApp account");
  if (!stored) return std::nullopt;
  const auto& o = *stored;
  auto or_flags = [&](const char* key, const std::string& flag) {
    auto saved = text_at(o, key);
    return saved.empty() ? flag : saved;
  };
  return WhatsappAccount{text_at(o, "phone_number_id"),
                         text_at(o, "business_number"),
                         text_at(o, "access_token"),
                         text_at(o, "app_secret"),
                         text_at(o, "verify_token"),
                         or_flags("reconnect_template", flags.reconnect_template),
                         or_flags("continue_template", flags.continue_template),
                         or_flags("call_template", flags.call_template),
                         or_flags("template_language", flags.template_language)};
}

}  // namespace

bool WhatsappSetting::restore(Config& config, SettingsTable& settings, const SecretBox& box) {
  auto stored = stored_account(settings, box, WhatsappAccount::of(config));
  if (!stored) return false;
  stored->apply_to(config);
  return true;
}

void WhatsappSetting::reload(SettingsTable& settings) {
  auto stored = stored_account(settings, box_, flags_);
  auto chosen = stored.value_or(flags_);
  // A relay reads every setting again after its link to the others came
  // back: an account that has not changed is left as it is.
  if (chosen == WhatsappAccount::of(config_) && stored.has_value() == from_admin_) return;
  put_in_force(chosen, stored.has_value());
}

net::awaitable<std::optional<Response>> WhatsappSetting::change(const Request& request) {
  std::optional<WhatsappAccount> chosen;
  if (request.method() == http::verb::put) {
    auto now = WhatsappAccount::of(config_);
    auto read = read_put<WhatsappAccount>(request, "invalid_whatsapp",
                                          [&](const json::object& body) { return requested(body, now); });
    if (auto* refused = std::get_if<Response>(&read)) co_return std::move(*refused);
    chosen = std::get<WhatsappAccount>(std::move(read));
  }
  std::optional<json::object> stored;
  if (chosen) stored = to_json(*chosen);
  std::string key(setting_key);
  if (auto refused = co_await store_sealed_setting(request, service_, key, stored, box_)) co_return refused;
  // Stored first, then in force.
  put_in_force(chosen ? *chosen : flags_, chosen.has_value());
  co_return std::nullopt;
}

void WhatsappSetting::put_in_force(const WhatsappAccount& account, bool from_admin) {
  account.apply_to(config_);
  from_admin_ = from_admin;
  graph_.set_account(account.phone_number_id, account.access_token);
  service_.whatsapp_changed();
}

}  // namespace baton
