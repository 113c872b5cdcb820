#pragma once
// Errors as the Graph API reports them: the HTTP status Meta uses for each
// code, "(#code) Title" messages, error_data.details for WhatsApp codes, and
// the asynchronous form that failed statuses carry.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton::sim {

struct GraphError {
  unsigned http_status = 400;
  std::int64_t code = 0;
  std::string type = "OAuthException";
  std::string message;
  std::string details;                  // error_data.details; omitted when empty
  std::optional<std::int64_t> subcode;  // error_subcode, only where Meta sends one

  // "(#code) Title" with Meta's status for `code`; details as given.
  static GraphError coded(std::int64_t code, std::string details);
  // 100 with a message of its own, as Graph's parameter checks word them.
  static GraphError invalid_parameter(std::string details);
  static GraphError parameter_required(std::string_view name);
  static GraphError invalid_token();
  static GraphError unknown_object(std::string_view method, std::string_view object_id);
  static GraphError unknown_path(std::string_view path);

  boost::json::object to_json(std::string_view fbtrace_id) const;
};

// Meta's title for a code ("Rate limit hit"); "Unknown error" if unlisted.
std::string_view error_title(std::int64_t code);
// Meta's HTTP status for a code; 400 if unlisted.
unsigned error_http_status(std::int64_t code);
// A sentence for error_data.details when a caller has nothing sharper.
std::string_view error_details(std::int64_t code);

// The object inside statuses[].errors / value.errors of a webhook.
boost::json::object async_error(std::int64_t code, std::string_view details = {});

}  // namespace baton::sim
