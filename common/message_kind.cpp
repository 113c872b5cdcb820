#include "common/message_kind.hpp"

#include "common/enum_names.hpp"

namespace baton {
namespace {

constexpr EnumNames<MessageKind, 15> kind_names{{"text", "media", "location", "contacts", "reaction", "unsupported",
                                                 "handoff_requested", "agent_joined", "agent_left", "delivery_failed",
                                                 "notice", "handoff_offer", "survey", "edit", "deleted"}};

}  // namespace

std::string_view to_string(MessageKind kind) { return kind_names.name(kind, "notice"); }

std::optional<MessageKind> message_kind_from_string(std::string_view name) { return kind_names.parse(name); }

}  // namespace baton
