#pragma once
// The visitor's request for a person, and where that request stands.

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/protocol/visitor_context.hpp"

namespace baton {

// email: nobody can answer now; the visitor leaves a message and an e-mail
// address, and the team answers by e-mail.
enum class HandoffMode : std::uint8_t { live = 0, whatsapp = 1, callback = 2, email = 3 };

std::string_view to_string(HandoffMode mode);
std::optional<HandoffMode> handoff_mode_from_string(std::string_view name);
// Every mode's name, in the enum's order.
std::span<const std::string_view> handoff_mode_names();

struct HandoffRequest {
  HandoffMode mode = HandoffMode::live;
  std::string name;
  std::string phone;  // E.164
  std::string email;
  bool consent = false;
  std::string slot;  // RFC 3339, for callbacks
  // Since version 2: the widget's context at the moment of the handoff (pages
  // visited since the session opened, what the site passed to track()).
  VisitorContext context;
  // Since version 3, for e-mail: what the visitor wants to tell the team,
  // and whether they want a copy of the conversation.
  std::string message;
  bool copy_to_visitor = false;
  // Since version 4: the consent sentence the visitor saw, word for word,
  // and the language it was shown in (kept with the chat, exported).
  std::string consent_text;
  std::string consent_language;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const version) {
    ar(CEREAL_NVP(mode), CEREAL_NVP(name), CEREAL_NVP(phone), CEREAL_NVP(email), CEREAL_NVP(consent), CEREAL_NVP(slot));
    if (version >= 2) ar(CEREAL_NVP(context));
    if (version >= 3) ar(CEREAL_NVP(message), CEREAL_NVP(copy_to_visitor));
    if (version >= 4) ar(CEREAL_NVP(consent_text), CEREAL_NVP(consent_language));
  }

  friend bool operator==(const HandoffRequest&, const HandoffRequest&) = default;
};

// "bot": the assistant answers; "waiting": a person was asked for, none has
// the chat yet; "live": an agent has it; "ended": the agent closed it.
enum class SessionState : std::uint8_t { bot = 0, waiting = 1, live = 2, ended = 3 };

std::string_view to_string(SessionState state);
std::optional<SessionState> session_state_from_string(std::string_view name);

struct HandoffState {
  HandoffMode mode = HandoffMode::live;
  SessionState state = SessionState::bot;
  std::string code;        // the reference code the agent sees
  std::string agent_name;  // empty until an agent is chosen

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(mode), CEREAL_NVP(state), CEREAL_NVP(code), CEREAL_NVP(agent_name));
  }

  friend bool operator==(const HandoffState&, const HandoffState&) = default;
};

}  // namespace baton

CEREAL_CLASS_VERSION(baton::HandoffRequest, 4)
CEREAL_CLASS_VERSION(baton::HandoffState, 1)
