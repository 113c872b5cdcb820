#include "relay/api/sealed_setting.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {

std::optional<json::object> open_sealed_setting(SettingsTable& settings, std::string_view key, const SecretBox& box,
                                                std::string_view what) {
  auto stored = settings.get(key);
  if (!stored) return std::nullopt;
  auto opened = box.open(*stored);
  boost::system::error_code ec;
  auto value = opened ? json::parse(*opened, ec) : json::value();
  if (auto* o = opened && !ec ? value.if_object() : nullptr) return std::move(*o);
  log::warn(std::string(what) + " set on the admin page cannot be opened (another secret key?): using the flags");
  return std::nullopt;
}

std::variant<json::object, Response> put_body(const Request& request) {
  auto parsed = parse_object(request.body());
  if (auto* error = std::get_if<Refusal>(&parsed)) return refusal_response(request, *error);
  return std::get<json::object>(std::move(parsed));
}

Response invalid_setting(const Request& request, std::string_view code, const std::string& problem) {
  return error_response(request, ApiError{400, std::string(code), problem});
}

net::awaitable<std::optional<Response>> store_sealed_setting(const Request& request, ConversationService& service,
                                                             const std::string& key,
                                                             const std::optional<json::object>& value,
                                                             const SecretBox& box) {
  auto sealed = value ? box.seal(json::serialize(*value)) : std::string();
  auto outcome = co_await await_callback<Outcome<bool>>(
      [&](auto done) { service.save_setting(key, sealed, std::move(done)); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return std::nullopt;
}

}  // namespace baton
