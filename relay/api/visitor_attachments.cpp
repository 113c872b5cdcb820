// The visitor API's files (docs/attachments.md): an upload is the body's
// bytes, checked and kept by the conversation layer; a download serves a
// file a message of the caller's own chat carries.

#include "common/percent_encoding.hpp"
#include "relay/api/attachment_response.hpp"
#include "relay/api/visitor_api.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {

net::awaitable<Response> VisitorApi::upload_attachment(const Request& request, const SessionRecord& session,
                                                       const std::string& client) {
  if (auto limited = service_.limits().message(session.id, client, service_.clock().now_ms())) {
    co_return refusal_response(request, *limited);
  }
  std::string file_name;
  if (auto header = request.find("X-File-Name"); header != request.end()) {
    auto decoded = percent_decode(header->value());
    if (!decoded) {
      co_return error_response(request, ApiError{400, "invalid_file_name", "X-File-Name: must be percent-encoded"});
    }
    file_name = std::move(*decoded);
  }
  auto outcome = co_await await_callback<Outcome<Attachment>>(
      [&](auto done) { service_.upload_attachment(session.id, request.body(), std::move(file_name), done); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  co_return json_response(request, 201, boost::json::object{{"attachment", to_json(std::get<Attachment>(outcome))}});
}

net::awaitable<Response> VisitorApi::download_attachment(const Request& request, const SessionRecord& session,
                                                         const std::string& attachment_id) {
  using Found = std::optional<ConversationService::ReadFile>;
  auto outcome = co_await await_callback<Outcome<Found>>(
      [&](auto done) { service_.read_attachment(session.id, attachment_id, done); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  auto& found = std::get<Found>(outcome);
  if (!found) co_return error_response(request, ApiError{404, "attachment_not_found", "no such file in this chat"});
  co_return attachment_response(request, found->shown, std::move(found->bytes));
}

}  // namespace baton
