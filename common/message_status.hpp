#pragma once
// Delivery state of a message, shown to the visitor as ticks.
//
// queued    only in the widget: typed, not yet acknowledged by the relay
// sent      the relay committed it (acknowledged); for bot and agent messages
//           this is the final state
// delivered the copy sent to WhatsApp reached the recipient's phone
// read      the recipient opened it
// failed    WhatsApp refused it permanently (a system message says why)
//
// States only move forward: a late "delivered" never undoes "read".

#include <cstdint>
#include <optional>
#include <string_view>

namespace baton {

enum class MessageStatus : std::uint8_t { queued = 0, sent = 1, delivered = 2, read = 3, failed = 4 };

std::string_view to_string(MessageStatus status);
std::optional<MessageStatus> message_status_from_string(std::string_view name);

// True when a message in state `current` may move to `next`. "failed" can only
// replace states before "delivered": once a phone has it, it was not lost.
bool status_advances(MessageStatus current, MessageStatus next);

}  // namespace baton
