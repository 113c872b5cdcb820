// GET, PUT and DELETE /v1/admin/rates: the rate card the cost per
// resolution is computed with (docs/metrics.md, "Cost per resolution").

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

#include "relay/api/admin_api.hpp"
#include "relay/conversation/rate_card.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {

net::awaitable<Response> AdminApi::rates(const Request& request) {
  auto method = request.method();
  if (method != http::verb::get && method != http::verb::put && method != http::verb::delete_) {
    co_return method_not_allowed(request, "GET, PUT, DELETE");
  }
  if (method != http::verb::get) {
    std::string stored;
    if (method == http::verb::put) {
      auto parsed = parse_object(request.body());
      if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
      auto card = rate_card_from_json(std::get<boost::json::object>(parsed));
      if (auto* problem = std::get_if<std::string>(&card)) {
        co_return error_response(request, ApiError{400, "invalid_rates", *problem});
      }
      stored = boost::json::serialize(rate_card_to_json(std::get<RateCard>(card)));
    }
    auto outcome = co_await await_callback<Outcome<bool>>(
        [&](auto done) { service_.save_setting(std::string(rate_card_key), stored, std::move(done)); });
    if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  }
  co_return co_await from_store(request, [&request](StoreTx& tx) {
    auto card = stored_rate_card(tx);
    if (!card) return json_response(request, 200, boost::json::object{{"rates", nullptr}});
    return json_response(request, 200, boost::json::object{{"rates", rate_card_to_json(*card)}});
  });
}

}  // namespace baton
