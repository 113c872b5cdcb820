// GET, PUT and DELETE /v1/admin/widget: the widget's look, greeting and the
// ways to a person offered (docs/admin.md, "The widget").

#include <boost/beast/http/field.hpp>

#include "relay/api/admin_api.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {

net::awaitable<Response> AdminApi::widget(const Request& request) {
  auto method = request.method();
  if (method != http::verb::get && method != http::verb::put && method != http::verb::delete_) {
    co_return method_not_allowed(request, "GET, PUT, DELETE");
  }
  if (method != http::verb::get) {
    std::optional<WidgetLook> chosen;
    if (method == http::verb::put) {
      auto parsed = parse_object(request.body());
      if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
      auto look = widget_look_from_json(std::get<boost::json::object>(parsed));
      if (auto* problem = std::get_if<std::string>(&look)) {
        co_return error_response(request, ApiError{400, "invalid_widget", *problem});
      }
      chosen = std::get<WidgetLook>(std::move(look));
    }
    auto outcome = co_await await_callback<Outcome<bool>>(
        [&](auto done) { service_.set_widget_look(std::move(chosen), std::move(done)); });
    if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  }
  const auto& look = service_.widget_look();
  co_return json_response(request, 200,
                          boost::json::object{{"look", look ? widget_look_to_json(*look) : boost::json::value(nullptr)},
                                              {"source", look ? "admin" : "relay"}});
}

}  // namespace baton
