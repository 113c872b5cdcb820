#include "common/protocol/handoff.hpp"

#include <array>

namespace baton {
namespace {

constexpr std::array<std::string_view, 4> mode_names{"live", "whatsapp", "callback", "email"};
constexpr std::array<std::string_view, 4> state_names{"bot", "waiting", "live", "ended"};

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(HandoffMode mode) { return mode_names.at(static_cast<std::size_t>(mode)); }

std::optional<HandoffMode> handoff_mode_from_string(std::string_view name) {
  return lookup<HandoffMode>(mode_names, name);
}

std::span<const std::string_view> handoff_mode_names() { return mode_names; }

std::string_view to_string(SessionState state) { return state_names.at(static_cast<std::size_t>(state)); }

std::optional<SessionState> session_state_from_string(std::string_view name) {
  return lookup<SessionState>(state_names, name);
}

}  // namespace baton
