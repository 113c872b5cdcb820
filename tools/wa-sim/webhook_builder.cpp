#include "tools/wa-sim/webhook_builder.hpp"

#include <functional>

#include "relay/core/clock.hpp"

#include "tools/wa-sim/graph_error.hpp"

namespace baton::sim {
namespace {

using boost::json::array;
using boost::json::object;

// Per-message pricing: service replies and utility templates inside the
// customer service window are free; a template outside it is billed.
object pricing(const SentMessage& message) {
  bool free = message.window_open;
  return object{{"billable", !free},
                {"pricing_model", "PMP"},
                {"type", free ? "free_customer_service" : "regular"},
                {"category", message.request.is_template() ? "utility" : "service"}};
}

}  // namespace

WebhookBuilder::WebhookBuilder(std::string waba_id, std::string display_phone_number, std::string phone_number_id)
    : waba_id_(std::move(waba_id)),
      display_phone_number_(std::move(display_phone_number)),
      phone_number_id_(std::move(phone_number_id)) {}

boost::json::value WebhookBuilder::envelope(object value) const {
  object full{
      {"messaging_product", "whatsapp"},
      {"metadata", object{{"display_phone_number", display_phone_number_}, {"phone_number_id", phone_number_id_}}}};
  for (auto& [key, item] : value) full[key] = std::move(item);
  object change{{"value", std::move(full)}, {"field", "messages"}};
  object entry{{"id", waba_id_}, {"changes", array{std::move(change)}}};
  return object{{"object", "whatsapp_business_account"}, {"entry", array{std::move(entry)}}};
}

boost::json::value WebhookBuilder::messages(object contact, object message) const {
  return envelope(object{{"contacts", array{std::move(contact)}}, {"messages", array{std::move(message)}}});
}

boost::json::value WebhookBuilder::statuses(array statuses) const {
  return envelope(object{{"statuses", std::move(statuses)}});
}

boost::json::value WebhookBuilder::errors(array errors) const {
  return envelope(object{{"errors", std::move(errors)}});
}

boost::json::value WebhookBuilder::template_status(const std::string& name, const std::string& language,
                                                   const std::string& event, const std::string& reason) const {
  // Not a message change: no messaging_product and no metadata, as Meta sends it.
  object value{
      {"event", event},
      {"message_template_id", 100000000000000 + static_cast<std::int64_t>(std::hash<std::string>{}(name) % 1000000)},
      {"message_template_name", name},
      {"message_template_language", language},
      {"reason", reason.empty() ? "NONE" : reason}};
  object change{{"value", std::move(value)}, {"field", "message_template_status_update"}};
  object entry{{"id", waba_id_}, {"time", SystemClock().now_ms() / 1000}, {"changes", array{std::move(change)}}};
  return object{{"object", "whatsapp_business_account"}, {"entry", array{std::move(entry)}}};
}

object WebhookBuilder::status(const SentMessage& message, Delivery status, std::int64_t unix_seconds) {
  const auto& request = message.request;
  object o{{"id", message.wamid},
           {"status", to_string(status)},
           {"timestamp", std::to_string(unix_seconds)},
           {"recipient_id", request.wa_id.empty() ? request.user_id : request.wa_id}};
  if (!request.user_id.empty()) o["recipient_user_id"] = request.user_id;
  if (!request.callback_data.empty()) o["biz_opaque_callback_data"] = request.callback_data;
  if (status == Delivery::sent || status == Delivery::delivered) o["pricing"] = pricing(message);
  if (status == Delivery::failed) o["errors"] = array{async_error(message.error_code)};
  return o;
}

}  // namespace baton::sim
