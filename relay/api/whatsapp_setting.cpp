#include "relay/api/whatsapp_setting.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <tuple>

#include "common/phone.hpp"
#include "relay/core/json_fields.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {
namespace {

constexpr std::string_view account_key = "whatsapp_account";

bool is_digits(std::string_view text, std::size_t most) {
  return !text.empty() && text.size() <= most &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A token or secret as Meta gives it: printable, no spaces (a pasted line
// break or a quote would never match).
bool is_secret(std::string_view text, std::size_t most) {
  return text.size() <= most && std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

json::object to_json(const WhatsappAccount& a) {
  return json::object{{"phone_number_id", a.phone_number_id},
                      {"business_number", a.business_number},
                      {"access_token", a.access_token},
                      {"app_secret", a.app_secret},
                      {"verify_token", a.verify_token}};
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
  if (a.access_token.empty()) return std::string("an access token is needed to send (a system user's token)");
  if (a.app_secret.empty()) return std::string("the app secret is needed to check that webhooks come from Meta");
  return a;
}

}  // namespace

WhatsappAccount WhatsappAccount::of(const Config& c) {
  return WhatsappAccount{c.phone_number_id, c.business_number, c.access_token, c.app_secret, c.verify_token};
}

void WhatsappAccount::apply_to(Config& c) const {
  c.phone_number_id = phone_number_id;
  c.business_number = business_number;
  c.access_token = access_token;
  c.app_secret = app_secret;
  c.verify_token = verify_token;
}

bool WhatsappSetting::restore(Config& config, StoreTx& reader, const SecretBox& box) {
  auto stored = reader.settings().get(account_key);
  if (!stored) return false;
  auto opened = box.open(*stored);
  boost::system::error_code ec;
  auto value = opened ? json::parse(*opened, ec) : json::value();
  const auto* o = opened && !ec ? value.if_object() : nullptr;
  if (!o) {
    log::warn("the WhatsApp account set on the admin page cannot be opened (another secret key?): using the flags");
    return false;
  }
  WhatsappAccount{text_at(*o, "phone_number_id"), text_at(*o, "business_number"), text_at(*o, "access_token"),
                  text_at(*o, "app_secret"), text_at(*o, "verify_token")}
      .apply_to(config);
  return true;
}

net::awaitable<std::optional<Response>> WhatsappSetting::change(const Request& request) {
  std::optional<WhatsappAccount> chosen;
  if (request.method() == http::verb::put) {
    auto parsed = parse_object(request.body());
    if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
    auto read = requested(std::get<json::object>(parsed), WhatsappAccount::of(config_));
    if (auto* problem = std::get_if<std::string>(&read)) {
      co_return error_response(request, ApiError{400, "invalid_whatsapp", *problem});
    }
    chosen = std::get<WhatsappAccount>(std::move(read));
  }
  auto sealed = chosen ? box_.seal(json::serialize(to_json(*chosen))) : std::string();
  auto outcome = co_await await_callback<Outcome<bool>>(
      [&](auto done) { service_.save_setting(std::string(account_key), sealed, std::move(done)); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
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
