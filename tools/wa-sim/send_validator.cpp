#include "tools/wa-sim/send_validator.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>

#include "common/utf8.hpp"
#include "tools/wa-sim/interactive_content.hpp"
#include "tools/wa-sim/json_fields.hpp"
#include "tools/wa-sim/media_content.hpp"
#include "tools/wa-sim/media_rules.hpp"
#include "tools/wa-sim/template_content.hpp"
#include "tools/wa-sim/wa_id_form.hpp"

namespace baton::sim {
namespace {

using boost::json::object;

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Types the Cloud API sends that the simulator does not model (131051), as
// opposed to names it has never heard of (131009).
constexpr std::string_view unmodelled_types[] = {"contacts", "location"};

std::optional<GraphError> read_recipient(const object& message, SendRequest& out) {
  if (fields::given(message, "to")) {
    auto to = fields::string_at(message, "to");
    auto digits = to ? recipient_digits(*to) : std::nullopt;
    if (!digits) {
      return GraphError::coded(131009,
                               "Recipient phone number is not valid: the parameter to must hold 7 to 15 "
                               "digits, optionally after a leading +.");
    }
    out.input = std::string(*to);
    out.wa_id = cloud_api_wa_id(*digits);
    return std::nullopt;
  }
  if (fields::given(message, "recipient")) {
    auto recipient = fields::string_at(message, "recipient");
    if (!recipient || !is_business_scoped_id(*recipient)) {
      return GraphError::coded(131009,
                               "The parameter recipient must be a business-scoped user ID such as "
                               "US.13491208655302741918.");
    }
    out.input = std::string(*recipient);
    out.user_id = std::string(*recipient);
    return std::nullopt;
  }
  return GraphError::parameter_required("to");
}

// {"reaction": {"message_id": "wamid…", "emoji": "👍"}}; an empty emoji
// takes the business's reaction back. The phone shows it on that message.
std::optional<GraphError> read_reaction(const object& message, SendRequest& out) {
  const auto* reaction = fields::object_at(message, "reaction");
  if (!reaction || !fields::given(*reaction, "message_id")) {
    return GraphError::coded(131008, "The parameter reaction['message_id'] is required.");
  }
  auto id = fields::string_at(*reaction, "message_id");
  if (!id || id->empty()) return GraphError::invalid_parameter("Param reaction['message_id'] must be a wamid.");
  if (!fields::given(*reaction, "emoji"))
    return GraphError::coded(131008, "The parameter reaction['emoji'] is required.");
  auto emoji = fields::string_at(*reaction, "emoji");
  if (!emoji || utf8::length(*emoji) > 10 || !utf8::is_valid(*emoji)) {
    return GraphError::invalid_parameter("Param reaction['emoji'] must be one emoji, or empty to remove it.");
  }
  out.context_id = std::string(*id);
  out.body = std::string(*emoji);
  return std::nullopt;
}

std::optional<GraphError> read_text(const object& message, SendRequest& out) {
  const auto* text = fields::object_at(message, "text");
  if (!text || !fields::given(*text, "body")) {
    return GraphError::coded(131008, "The parameter text['body'] is required.");
  }
  auto body = fields::string_at(*text, "body");
  if (!body) return GraphError::invalid_parameter("Param text['body'] must be a string.");
  if (body->empty()) return GraphError::invalid_parameter("Param text['body'] must be at least 1 character long.");
  if (utf8::length(*body) > SendValidator::max_text_chars) {
    return GraphError::invalid_parameter("Param text['body'] must be at most 4096 characters long.");
  }
  if (fields::given(*text, "preview_url") && !fields::find(*text, "preview_url")->is_bool()) {
    return GraphError::invalid_parameter("Param text['preview_url'] must be a boolean.");
  }
  out.body = std::string(*body);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> recipient_digits(std::string_view to) {
  if (to.starts_with('+')) to.remove_prefix(1);
  if (to.size() < 7 || to.size() > 15) return std::nullopt;
  if (to.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  return std::string(to);
}

bool is_business_scoped_id(std::string_view id) {
  if (id.size() < 4 || id[2] != '.' ||
      !std::all_of(id.begin(), id.begin() + 2, [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return false;
  }
  auto rest = id.substr(3);
  if (rest.starts_with("ENT.")) rest.remove_prefix(4);
  return !rest.empty() && rest.size() <= 128 && std::all_of(rest.begin(), rest.end(), is_alnum);
}

SendValidator::SendValidator(const TemplateRegistry& templates, std::string business_number)
    : templates_(templates), business_number_(std::move(business_number)) {}

std::variant<SendRequest, GraphError> SendValidator::validate(std::string_view body) const {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return GraphError::invalid_parameter("The request body must be a JSON object.");
  }
  const auto& message = parsed.get_object();
  if (fields::string_or(message, "messaging_product") != "whatsapp") {
    return GraphError::parameter_required("messaging_product");
  }
  SendRequest out;
  if (auto error = read_recipient(message, out)) return *error;
  if (!out.wa_id.empty() && out.wa_id == business_number_) {
    return GraphError::coded(131021, "The recipient is the business phone number itself.");
  }
  if (fields::given(message, "recipient_type") && fields::string_or(message, "recipient_type") != "individual") {
    return GraphError::invalid_parameter("Param recipient_type must be individual.");
  }

  out.type = "text";  // Meta's default when `type` is left out
  if (fields::given(message, "type")) {
    auto type = fields::string_at(message, "type");
    if (!type) return GraphError::invalid_parameter("Param type must be a string.");
    out.type = std::string(*type);
  }
  if (std::find(std::begin(unmodelled_types), std::end(unmodelled_types), out.type) != std::end(unmodelled_types)) {
    return GraphError::coded(131051, "Message type " + out.type +
                                         " is not supported by this simulator; send text, template, "
                                         "interactive or media.");
  }
  if (out.type != "text" && out.type != "template" && out.type != "interactive" && out.type != "reaction" &&
      !is_media_type(out.type)) {
    return GraphError::coded(131009,
                             "Param type must be one of audio, contacts, document, image, interactive, "
                             "location, reaction, sticker, template, text or video.");
  }

  if (fields::given(message, "biz_opaque_callback_data")) {
    auto data = fields::string_at(message, "biz_opaque_callback_data");
    if (!data) return GraphError::invalid_parameter("Param biz_opaque_callback_data must be a string.");
    if (utf8::length(*data) > max_callback_data_chars) {
      return GraphError::invalid_parameter("Param biz_opaque_callback_data must be at most 512 characters long.");
    }
    out.callback_data = std::string(*data);
  }
  if (fields::given(message, "context")) {
    const auto* context = fields::object_at(message, "context");
    auto id = context ? fields::string_at(*context, "message_id") : std::nullopt;
    if (!id) return GraphError::invalid_parameter("Param context['message_id'] must be a string.");
    out.context_id = std::string(*id);
  }

  std::optional<GraphError> error;
  if (out.type == "text") error = read_text(message, out);
  else if (out.type == "template") error = read_template(message, templates_, out);
  else if (is_media_type(out.type)) error = read_media(message, out);
  else if (out.type == "reaction") error = read_reaction(message, out);
  else error = read_interactive(message, out);
  if (error) return *error;
  return out;
}

}  // namespace baton::sim
