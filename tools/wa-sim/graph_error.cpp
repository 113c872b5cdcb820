#include "tools/wa-sim/graph_error.hpp"

namespace baton::sim {
namespace {

struct CodeInfo {
  std::int64_t code;
  unsigned http_status;
  std::string_view title;
  std::string_view details;
};

// Statuses from Meta's error table (the version that still had an HTTP
// column); titles as they appear after "(#code)"; details paraphrased.
constexpr CodeInfo codes[] = {
    {0, 401, "AuthException", "We were unable to authenticate the app user."},
    {1, 400, "API Unknown", "Invalid request or possible server error."},
    {2, 503, "API Service", "Temporary due to downtime or due to being overloaded."},
    {4, 400, "API Too Many Calls", "The app has reached its API call rate limit."},
    {10, 403, "Permission Denied", "Permission is either not granted or has been removed."},
    {100, 400, "Invalid parameter", "The request included one or more unsupported or misspelled parameters."},
    {190, 401, "Access token has expired", "Your access token has expired."},
    {368, 403, "Temporarily blocked for policies violations", "The account is temporarily restricted."},
    {80007, 400, "Rate limit issues", "The WhatsApp Business Account has reached its rate limit."},
    {130429, 400, "Rate limit hit", "Cloud API message throughput has been reached."},
    {130472, 400, "User's number is part of an experiment", "Message was not sent as part of an experiment."},
    {131000, 500, "Something went wrong", "Message failed to send due to an unknown error."},
    {131005, 403, "Access denied", "Permission is either not granted or has been removed."},
    {131008, 400, "Required parameter is missing", "The request is missing a required parameter."},
    {131009, 400, "Parameter value is not valid", "One or more parameter values are invalid."},
    {131016, 500, "Service unavailable", "A service is temporarily unavailable."},
    {131021, 400, "Recipient cannot be sender", "Sender and recipient phone number is the same."},
    {131026, 400, "Message Undeliverable", "Message failed to send because the recipient cannot receive it."},
    {131030, 400, "Recipient phone number not in allowed list", "The recipient is not in the allowed list."},
    {131031, 403, "Account has been locked", "The business account is restricted or disabled."},
    {131042, 400, "Business eligibility payment issue", "There was an error related to the payment method."},
    {131045, 500, "Incorrect certificate", "The phone number is not registered correctly."},
    {131047, 400, "Re-engagement message",
     "Message failed to send because more than 24 hours have passed since the customer last replied to this "
     "number."},
    {131048, 400, "Spam rate limit hit", "Message failed to send because of restrictions on this phone number."},
    {131051, 400, "Unsupported message type", "Message type is not currently supported."},
    {131053, 400, "Media upload error", "Unable to upload the media used in the message."},
    {131056, 400, "(Business Account, Consumer Account) pair rate limit hit",
     "Too many messages sent from the sender phone number to the same recipient phone number in a short period of "
     "time."},
    {131057, 500, "Account in maintenance mode", "The business account is in maintenance mode."},
    {132000, 400, "Number of parameters does not match the expected number of params",
     "The number of variable parameter values does not match the template."},
    {132001, 404, "Template name does not exist in the translation",
     "The template does not exist in the specified language or has not been approved."},
    {132005, 400, "Template Hydrated Text Too Long", "Translated text is too long."},
    {132015, 400, "Template is Paused", "The template is paused due to low quality."},
    {132016, 400, "Template is Disabled", "The template has been paused too many times and is disabled."},
    {132018, 400, "There's an issue with the parameters in your template",
     "Param text cannot have new-line/tab characters or more than 4 consecutive spaces"},
    {133010, 400, "Phone number Not Registered",
     "The phone number is not registered on the WhatsApp Business Platform."},
};

const CodeInfo* info(std::int64_t code) {
  for (const auto& entry : codes) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

}  // namespace

std::string_view error_title(std::int64_t code) {
  const auto* entry = info(code);
  return entry ? entry->title : std::string_view("Unknown error");
}

unsigned error_http_status(std::int64_t code) {
  const auto* entry = info(code);
  return entry ? entry->http_status : 400;
}

std::string_view error_details(std::int64_t code) {
  const auto* entry = info(code);
  return entry ? entry->details : std::string_view("An unknown error occurred.");
}

GraphError GraphError::coded(std::int64_t code, std::string details) {
  GraphError e;
  e.http_status = error_http_status(code);
  e.code = code;
  e.message = "(#" + std::to_string(code) + ") " + std::string(error_title(code));
  e.details = std::move(details);
  // Graph-level authentication codes come without WhatsApp's error_data.
  if (code == 0 || code == 190) e.details.clear();
  // Meta's own throughput example still carries a subcode.
  if (code == 130429) e.subcode = 2494055;
  return e;
}

GraphError GraphError::invalid_parameter(std::string details) { return coded(100, std::move(details)); }

GraphError GraphError::parameter_required(std::string_view name) {
  GraphError e;
  e.code = 100;
  e.message = "(#100) The parameter " + std::string(name) + " is required.";
  return e;
}

GraphError GraphError::invalid_token() {
  GraphError e;
  e.http_status = 401;
  e.code = 190;
  e.message = "Invalid OAuth access token - Cannot parse access token";
  return e;
}

GraphError GraphError::unknown_object(std::string_view method, std::string_view object_id) {
  GraphError e;
  e.code = 100;
  e.type = "GraphMethodException";
  e.subcode = 33;
  e.message = "Unsupported " + std::string(method) + " request. Object with ID '" + std::string(object_id) +
              "' does not exist, cannot be loaded due to missing permissions, or does not support this operation. "
              "Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api";
  return e;
}

GraphError GraphError::unknown_path(std::string_view path) {
  GraphError e;
  e.code = 2500;
  e.message = "Unknown path components: " + std::string(path);
  return e;
}

boost::json::object GraphError::to_json(std::string_view fbtrace_id) const {
  boost::json::object error{{"message", message}, {"type", type}, {"code", code}};
  if (!details.empty()) {
    error["error_data"] = boost::json::object{{"messaging_product", "whatsapp"}, {"details", details}};
  }
  if (subcode) error["error_subcode"] = *subcode;
  error["fbtrace_id"] = fbtrace_id;
  return boost::json::object{{"error", std::move(error)}};
}

boost::json::object async_error(std::int64_t code, std::string_view details) {
  auto title = error_title(code);
  return boost::json::object{
      {"code", code},
      {"title", title},
      {"message", title},
      {"error_data", boost::json::object{{"details", details.empty() ? error_details(code) : details}}},
      {"href", "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"},
  };
}

}  // namespace baton::sim
