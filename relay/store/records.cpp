#include "relay/store/records.hpp"

#include "common/enum_names.hpp"

namespace baton {
namespace {

// The names are what the database holds.
constexpr EnumNames<OutboxState, 5> outbox_state_names{{"pending", "in_flight", "awaiting_window", "sent", "failed"}};
constexpr EnumNames<OutboxPurpose, 10> outbox_purpose_names{
    {"handoff", "relay", "offer", "notice", "reconnect", "reminder", "continue", "mirror", "call", "sender_reply"}};
constexpr EnumNames<AssistantOutcome, 3> outcome_names{{"answered", "unsure", "offered"}};
constexpr EnumNames<MailState, 3> mail_state_names{{"pending", "sent", "failed"}};
constexpr EnumNames<CallState, 3> call_state_names{{"booked", "cancelled", "done"}};

}  // namespace

std::string_view to_string(OutboxState state) { return outbox_state_names.name(state, "failed"); }

OutboxState outbox_state_from_string(std::string_view name) {
  return outbox_state_names.parse(name).value_or(OutboxState::failed);
}

std::string_view to_string(OutboxPurpose purpose) { return outbox_purpose_names.name(purpose, "notice"); }

OutboxPurpose outbox_purpose_from_string(std::string_view name) {
  return outbox_purpose_names.parse(name).value_or(OutboxPurpose::notice);
}

std::string_view to_string(AssistantOutcome outcome) { return outcome_names.name(outcome, "unsure"); }

AssistantOutcome assistant_outcome_from_string(std::string_view name) {
  return outcome_names.parse(name).value_or(AssistantOutcome::unsure);
}

std::string_view to_string(MailState state) { return mail_state_names.name(state, "pending"); }

MailState mail_state_from_string(std::string_view name) {
  return mail_state_names.parse(name).value_or(MailState::pending);
}

std::string_view to_string(CallState state) { return call_state_names.name(state, "booked"); }

CallState call_state_from_string(std::string_view name) {
  return call_state_names.parse(name).value_or(CallState::cancelled);
}

}  // namespace baton
