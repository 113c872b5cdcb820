#include "client/console/console_actions.hpp"

#include <array>

#include "client/core/json_text.hpp"

namespace baton::console {
namespace {

using client::json::quote;

std::string request(std::uint64_t id, std::string_view action, std::string_view fields) {
  return "{\"type\":\"action\",\"request\":\"" + std::to_string(id) + "\",\"action\":" + quote(action) +
         std::string(fields) + "}";
}

constexpr std::array<FaultPreset, 6> presets{{
    {"Cloud API errors", R"({"kind":"error","code":131000,"count":5})",
     "The next 5 sends get Meta's error 131000 (something went wrong): the relay retries each with a growing wait."},
    {"Cloud API down", R"({"kind":"http_status","status":503,"count":10})",
     "The next 10 sends get a bare HTTP 503, as from a proxy in front of the Cloud API."},
    {"Slow answers", R"({"kind":"slow","delay_ms":3000,"count":5})",
     "The next 5 sends are accepted, but answered only after 3 seconds."},
    {"Lost answers", R"({"kind":"drop_response","count":2})",
     "The next 2 sends are accepted and the answer is lost: the relay must not send them twice."},
    {"Duplicate webhooks", R"({"kind":"duplicate_webhooks","count":5})",
     "The next 5 webhooks arrive twice, as Meta may deliver them: nothing may show twice."},
    {"Statuses out of order", R"({"kind":"reorder_statuses","count":5})",
     "The next 5 messages get their statuses as read, delivered, sent: ticks must never go back."},
}};

}  // namespace

ActionDraft retry_send(const OutboxRow& row, std::uint64_t request_id) {
  return {"Retry row " + row.row + " now?",
          "The WhatsApp copy to " + row.recipient + " (" + row.purpose + ", " + std::to_string(row.attempts) +
              " attempt(s) so far) goes to the Cloud API now instead of after its backoff.",
          request(request_id, "retry_send", ",\"row\":" + quote(row.row))};
}

ActionDraft end_chat(const SessionRow& chat, std::uint64_t request_id) {
  auto name = chat.code.empty() ? chat.id : "#" + chat.code;
  return {"End chat " + name + "?",
          "The chat ends now" + (chat.agent.empty() ? std::string() : "; " + chat.agent + " is told on WhatsApp") +
              ". The visitor is told, and what they write next starts a new conversation with the assistant.",
          request(request_id, "end_chat", ",\"session\":" + quote(chat.id))};
}

ActionDraft cancel_call(const CallRow& call, std::uint64_t request_id) {
  return {"Cancel call " + call.id + " (" + call.when + ")?",
          "The call with " + call.visitor + " is cancelled: " + call.agent +
              " is told on WhatsApp, and the visitor in the chat and by a WhatsApp template.",
          request(request_id, "cancel_call", ",\"call\":" + quote(call.id))};
}

ActionDraft redeliver_webhook(std::string_view webhook_id, std::uint64_t request_id) {
  return {"Re-deliver webhook " + std::string(webhook_id) + "?",
          "The relay runs this webhook through its pipeline again, as if Meta had retried it. What it carried is "
          "already stored, so nothing new should appear: the console shows the duplicates it dropped.",
          request(request_id, "redeliver_webhook", ",\"webhook\":" + quote(webhook_id))};
}

ActionDraft write_as_agent(std::string_view agent_name, std::string_view text, std::uint64_t request_id) {
  return {"Write as " + std::string(agent_name) + "?",
          "wa-sim sends this text to the business as " + std::string(agent_name) +
              "'s WhatsApp, through a signed webhook, as if typed on their phone.",
          request(request_id, "sim_write",
                  ",\"as\":\"agent\",\"agent\":" + quote(agent_name) + ",\"text\":" + quote(text))};
}

ActionDraft write_as_visitor(const SessionRow& chat, std::string_view text, std::uint64_t request_id) {
  return {"Write as the visitor of #" + chat.code + "?",
          "wa-sim sends this text from the number the visitor continued on, as if typed on their WhatsApp.",
          request(request_id, "sim_write",
                  ",\"as\":\"visitor\",\"session\":" + quote(chat.id) + ",\"text\":" + quote(text))};
}

std::span<const FaultPreset> fault_presets() { return presets; }

ActionDraft switch_fault_on(const FaultPreset& preset, std::uint64_t request_id) {
  return {std::string("Switch on \"") + preset.label + "\"?", preset.consequence,
          request(request_id, "sim_fault", std::string(",\"rule\":") + preset.rule)};
}

ActionDraft clear_faults(std::uint64_t request_id) {
  return {"Switch every wa-sim fault off?", "wa-sim answers every call normally again.",
          request(request_id, "sim_clear_faults", "")};
}

std::string body_request(std::string_view of, std::string_view id) {
  return "{\"type\":\"body\",\"of\":" + quote(of) + ",\"id\":" + quote(id) + "}";
}

bool retryable(const OutboxRow& row) {
  return row.state != "sent" && row.state != "in_flight" && row.state != "in_doubt" && row.state != "window_closed" &&
         row.state != "permanent" && row.state != "failed";
}

}  // namespace baton::console
