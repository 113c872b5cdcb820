#include "relay/api/origins_setting.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"

namespace baton {
namespace {

// A list of origins (a JSON array), if it reads as one: stored, or as sent.
std::optional<std::vector<std::string>> read_list(const json::value& value) {
  const auto* list = value.if_array();
  if (!list || list->size() > OriginsSetting::max_origins) return std::nullopt;
  std::vector<std::string> origins;
  for (const auto& item : *list) {
    auto origin = item.is_string() ? normalized_origin(std::string_view(item.get_string())) : std::nullopt;
    if (!origin) return std::nullopt;
    origins.push_back(*origin);
  }
  return origins;
}

}  // namespace

void OriginsSetting::restore(SettingsTable& settings) {
  auto stored = settings.get(setting_key);
  std::optional<std::vector<std::string>> origins;
  if (stored) {
    boost::system::error_code ec;
    auto value = json::parse(*stored, ec);
    origins = ec ? std::nullopt : read_list(value);
    if (!origins) log::warn("stored allowed origins unreadable, using --allowed-origins");
  }
  from_admin_ = origins.has_value();
  cors_.set_allowed(origins ? std::move(*origins) : service_.config().allowed_origins);
}

Response OriginsSetting::current(const Request& request) const {
  json::array origins;
  for (const auto& origin : cors_.allowed()) origins.emplace_back(origin);
  return json_response(request, 200,
                       json::object{{"origins", std::move(origins)}, {"source", from_admin_ ? "admin" : "flags"}});
}

net::awaitable<Response> OriginsSetting::handle(const Request& request) {
  if (request.method() == http::verb::get) co_return current(request);
  if (request.method() != http::verb::put && request.method() != http::verb::delete_) {
    co_return method_not_allowed(request, "GET, PUT, DELETE");
  }
  std::optional<std::vector<std::string>> chosen;
  if (request.method() == http::verb::put) {
    boost::system::error_code ec;
    auto body = json::parse(request.body(), ec);
    const auto* given = ec || !body.is_object() ? nullptr : body.get_object().if_contains("origins");
    chosen = given ? read_list(*given) : std::nullopt;
    if (!chosen) {
      co_return error_response(
          request, ApiError{400, "invalid_origins",
                            "origins is a list of at most 100 sites such as https://shop.example.com (scheme, "
                            "host and port only; www. and the bare domain are two sites), or [\"*\"] for any"});
    }
  }
  std::string stored;
  if (chosen) {
    json::array list;
    for (const auto& origin : *chosen) list.emplace_back(origin);
    stored = json::serialize(list);
  }
  auto outcome = co_await await_callback<Outcome<bool>>(
      [&](auto done) { service_.save_setting(std::string(setting_key), stored, std::move(done)); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  // Stored: now the relay answers with it.
  from_admin_ = chosen.has_value();
  cors_.set_allowed(chosen ? std::move(*chosen) : service_.config().allowed_origins);
  co_return current(request);
}

}  // namespace baton
