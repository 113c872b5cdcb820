#pragma once
// The assistant a relay has before any knowledge is configured: it greets,
// and to every question says plainly that it cannot answer yet and how to
// reach a person. Honest, never silent, and replaced by the FAQ or model
// assistant when one is configured.

#include "relay/assistant/assistant.hpp"

namespace baton {

class GreetingAssistant final : public Assistant {
 public:
  GreetingAssistant(std::string name, std::string greeting, bool people_available)
      : name_(std::move(name)), greeting_(std::move(greeting)), people_available_(people_available) {}

  std::string name() const override { return name_; }
  std::string greeting() const override { return greeting_; }
  void answer(const AssistantQuestion& question, std::function<void(std::optional<std::string>)> reply) override;

 private:
  std::string name_;
  std::string greeting_;
  bool people_available_;
};

}  // namespace baton
