#include "relay/store/records.hpp"

#include <array>

namespace baton {
namespace {

constexpr std::array<std::string_view, 5> outbox_state_names{"pending", "in_flight", "awaiting_window", "sent",
                                                             "failed"};

}  // namespace

std::string_view to_string(OutboxState state) { return outbox_state_names.at(static_cast<std::size_t>(state)); }

OutboxState outbox_state_from_string(std::string_view name) {
  for (std::size_t i = 0; i < outbox_state_names.size(); ++i) {
    if (outbox_state_names[i] == name) return static_cast<OutboxState>(i);
  }
  return OutboxState::failed;
}

namespace {
// Indexed by OutboxPurpose; the names are what the database holds.
constexpr std::array<std::string_view, 9> outbox_purpose_names{"handoff",  "relay",    "offer",  "notice", "reconnect",
                                                               "reminder", "continue", "mirror", "call"};
}  // namespace

std::string_view to_string(OutboxPurpose purpose) { return outbox_purpose_names.at(static_cast<std::size_t>(purpose)); }

OutboxPurpose outbox_purpose_from_string(std::string_view name) {
  for (std::size_t i = 0; i < outbox_purpose_names.size(); ++i) {
    if (outbox_purpose_names[i] == name) return static_cast<OutboxPurpose>(i);
  }
  return OutboxPurpose::notice;
}

namespace {
constexpr std::array<std::string_view, 3> outcome_names{"answered", "unsure", "offered"};
}  // namespace

std::string_view to_string(AssistantOutcome outcome) { return outcome_names.at(static_cast<std::size_t>(outcome)); }

AssistantOutcome assistant_outcome_from_string(std::string_view name) {
  for (std::size_t i = 0; i < outcome_names.size(); ++i) {
    if (outcome_names[i] == name) return static_cast<AssistantOutcome>(i);
  }
  return AssistantOutcome::unsure;
}

std::string_view to_string(MailState state) {
  switch (state) {
    case MailState::pending: return "pending";
    case MailState::sent: return "sent";
    case MailState::failed: return "failed";
  }
  return "pending";
}

std::string_view to_string(CallState state) {
  switch (state) {
    case CallState::booked: return "booked";
    case CallState::cancelled: return "cancelled";
    case CallState::done: return "done";
  }
  return "booked";
}

}  // namespace baton
