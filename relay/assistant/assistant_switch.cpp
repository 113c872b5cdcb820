#include "relay/assistant/assistant_switch.hpp"

namespace baton {

std::chrono::milliseconds AssistantSwitch::keep_replaced_for(const AssistantParts& parts) {
  // Every chat, embeddings and summary call ends within the client's total
  // limit; a FAQ answer is given at once.
  constexpr std::chrono::milliseconds margin{10000};
  return parts.chat ? parts.chat->settings().total_timeout + margin : std::chrono::milliseconds{0};
}

void AssistantSwitch::replace(std::shared_ptr<AssistantParts> parts) {
  auto now = std::chrono::steady_clock::now();
  std::erase_if(replaced_, [now](const Replaced& r) { return r.until <= now; });
  auto keep = keep_replaced_for(*current_);
  if (keep.count() > 0) replaced_.push_back({std::move(current_), now + keep});
  current_ = std::move(parts);
}

void AssistantSwitch::close() {
  if (current_->chat) current_->chat->close();
  for (const auto& r : replaced_) {
    if (r.parts->chat) r.parts->chat->close();
  }
}

void AssistantSwitch::answer(const AssistantQuestion& question, std::shared_ptr<AnswerSink> sink) {
  current_->active().answer(question, std::move(sink));
}

void AssistantSwitch::summarize(const VisitorContext& visitor, const std::vector<Message>& conversation,
                                std::function<void(ModelSummary)> done) {
  current_->active().summarize(visitor, conversation, std::move(done));
}

}  // namespace baton
