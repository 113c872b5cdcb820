#include "relay/assistant/greeting_assistant.hpp"

namespace baton {

void GreetingAssistant::answer(const AssistantQuestion&, std::function<void(std::optional<std::string>)> reply) {
  if (people_available_) {
    reply("I can't answer that myself. Tap \"Talk to a live agent\" and a person will continue this chat, "
          "with everything you've written so far.");
  } else {
    reply("I can't answer that myself, and no one is available to chat right now. Please try again later.");
  }
}

}  // namespace baton
