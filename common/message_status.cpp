#include "common/message_status.hpp"

namespace baton {

std::string_view to_string(MessageStatus status) {
  switch (status) {
    case MessageStatus::queued: return "queued";
    case MessageStatus::sent: return "sent";
    case MessageStatus::delivered: return "delivered";
    case MessageStatus::read: return "read";
    case MessageStatus::failed: return "failed";
  }
  return "sent";
}

std::optional<MessageStatus> message_status_from_string(std::string_view name) {
  for (auto s : {MessageStatus::queued, MessageStatus::sent, MessageStatus::delivered, MessageStatus::read,
                 MessageStatus::failed}) {
    if (to_string(s) == name) return s;
  }
  return std::nullopt;
}

bool status_advances(MessageStatus current, MessageStatus next) {
  if (current == MessageStatus::failed) return false;
  if (next == MessageStatus::failed) return current < MessageStatus::delivered;
  return next > current;
}

}  // namespace baton
