#include "common/message_status.hpp"

#include "common/enum_names.hpp"

namespace baton {
namespace {

constexpr EnumNames<MessageStatus, 5> status_names{{"queued", "sent", "delivered", "read", "failed"}};

}  // namespace

std::string_view to_string(MessageStatus status) { return status_names.name(status, "sent"); }

std::optional<MessageStatus> message_status_from_string(std::string_view name) { return status_names.parse(name); }

bool status_advances(MessageStatus current, MessageStatus next) {
  if (current == MessageStatus::failed) return false;
  if (next == MessageStatus::failed) return current < MessageStatus::delivered;
  return next > current;
}

}  // namespace baton
