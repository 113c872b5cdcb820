#include "common/message_kind.hpp"

#include <array>

namespace baton {
namespace {

constexpr std::array<std::string_view, 12> kind_names{
    "text",         "media",      "location",        "contacts", "reaction",     "unsupported", "handoff_requested",
    "agent_joined", "agent_left", "delivery_failed", "notice",   "handoff_offer"};

}  // namespace

std::string_view to_string(MessageKind kind) {
  auto index = static_cast<std::size_t>(kind);
  return index < kind_names.size() ? kind_names[index] : "notice";
}

std::optional<MessageKind> message_kind_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kind_names.size(); ++i) {
    if (kind_names[i] == name) return static_cast<MessageKind>(i);
  }
  return std::nullopt;
}

}  // namespace baton
