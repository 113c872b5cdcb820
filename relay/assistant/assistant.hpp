#pragma once
// The assistant that answers visitors before a person is asked for. The relay
// calls it for every visitor message while the chat is with the bot; the
// answer may come later (a model may stream); `reply` is called at most once.

#include <functional>
#include <optional>
#include <string>

#include "common/protocol/message.hpp"
#include "common/protocol/visitor_context.hpp"

namespace baton {

struct AssistantQuestion {
  std::string session_id;
  VisitorContext visitor;
  Message message;
};

class Assistant {
 public:
  virtual ~Assistant() = default;
  virtual std::string name() const = 0;
  virtual std::string greeting() const = 0;
  // An empty reply means "say nothing".
  virtual void answer(const AssistantQuestion& question, std::function<void(std::optional<std::string>)> reply) = 0;
};

}  // namespace baton
