#pragma once
// The assistant that answers visitors before a person is asked for. The
// relay asks it about every visitor message while the chat is with the bot
// (after checking the message does not ask for a person); the answer may
// come later, and a model may stream it first.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/lang.hpp"
#include "common/protocol/message.hpp"
#include "common/protocol/visitor_context.hpp"

namespace baton {

struct AssistantQuestion {
  std::string session_id;
  VisitorContext visitor;
  Message message;
  Lang lang = Lang::en;          // the message's language (Assistant::language_of), which the reply is in
  std::vector<Message> history;  // the conversation before `message`, oldest first (bounded)
};

struct AssistantReply {
  std::string text;
  bool answered = true;  // false: it could not help; two in a row offer a person
  std::string source;    // the FAQ question it answered from, "model", or empty
  // The model's tokens for this answer (0 without a model): the cost per resolution counts them.
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;

  friend bool operator==(const AssistantReply&, const AssistantReply&) = default;
};

// A model's few lines for the agent at a handoff, and what writing them
// cost (the cost per resolution counts it, used or not).
struct ModelSummary {
  std::optional<std::string> text;  // nullopt: none (the relay writes its own)
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
};

// Where an answer goes. `partial` any number of times, then `finish` once.
class AnswerSink {
 public:
  virtual ~AnswerSink() = default;
  // False once nobody needs the answer (a person was asked for meanwhile):
  // an assistant may stop working on it; it must still call `finish`.
  virtual bool wanted() const { return true; }
  virtual void partial(std::string_view delta) = 0;
  virtual void finish(AssistantReply reply) = 0;
};

class Assistant {
 public:
  virtual ~Assistant() = default;
  virtual std::string name() const = 0;
  virtual void answer(const AssistantQuestion& question, std::shared_ptr<AnswerSink> sink) = 0;
  // The language a visitor's message is written in (`fallback`: the
  // browser's), which every reply is in.
  virtual Lang language_of(std::string_view text, Lang fallback) const = 0;
  // A few lines for the agent about what the visitor wants, written by a
  // model; no text when this assistant has none (the relay then writes an
  // extractive summary itself).
  virtual void summarize(const VisitorContext& visitor, const std::vector<Message>& conversation,
                         std::function<void(ModelSummary)> done) {
    (void)visitor;
    (void)conversation;
    done({});
  }
};

}  // namespace baton
