#include "common/protocol/handoff.hpp"

#include "common/enum_names.hpp"

namespace baton {
namespace {

constexpr EnumNames<HandoffMode, 4> mode_names{{"live", "whatsapp", "callback", "email"}};
constexpr EnumNames<SessionState, 4> state_names{{"bot", "waiting", "live", "ended"}};

}  // namespace

std::string_view to_string(HandoffMode mode) { return mode_names.name(mode); }

std::optional<HandoffMode> handoff_mode_from_string(std::string_view name) { return mode_names.parse(name); }

std::span<const std::string_view> handoff_mode_names() { return mode_names.all(); }

std::string_view to_string(SessionState state) { return state_names.name(state); }

std::optional<SessionState> session_state_from_string(std::string_view name) { return state_names.parse(name); }

}  // namespace baton
