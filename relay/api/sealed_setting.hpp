#pragma once
// Admin settings that hold secrets (the WhatsApp account, the e-mail
// fallback, the model): a JSON object sealed with the relay's secret key in
// the settings table, read at start (and when another relay of the cluster
// changed it) and written by a PUT or DELETE.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "relay/conversation/conversation_service.hpp"
#include "relay/core/secret_box.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

// The stored object: nullopt when there is none, and (with a warning that
// the flags are used for `what`) when it cannot be opened, as with another
// secret key.
std::optional<boost::json::object> open_sealed_setting(SettingsTable& settings, std::string_view key,
                                                       const SecretBox& box, std::string_view what);

// A PUT's JSON body as `read` makes it a T, or the error response: the
// body's own problem, or 400 `code` with what `read` found wrong.
template <class T>
std::variant<T, Response> read_put(const Request& request, std::string_view code,
                                   const std::function<std::variant<T, std::string>(const boost::json::object&)>& read);

// Stores `value` sealed under `key`, or erases it (nullopt): an error
// response, or nullopt once committed.
boost::asio::awaitable<std::optional<Response>> store_sealed_setting(const Request& request,
                                                                     ConversationService& service,
                                                                     const std::string& key,
                                                                     const std::optional<boost::json::object>& value,
                                                                     const SecretBox& box);

// (read_put's body: needs the response helpers.)
std::variant<boost::json::object, Response> put_body(const Request& request);
Response invalid_setting(const Request& request, std::string_view code, const std::string& problem);

template <class T>
std::variant<T, Response> read_put(
    const Request& request, std::string_view code,
    const std::function<std::variant<T, std::string>(const boost::json::object&)>& read) {
  auto body = put_body(request);
  if (auto* refused = std::get_if<Response>(&body)) return std::move(*refused);
  auto value = read(std::get<boost::json::object>(body));
  if (auto* problem = std::get_if<std::string>(&value)) return invalid_setting(request, code, *problem);
  return std::get<T>(std::move(value));
}

}  // namespace baton
