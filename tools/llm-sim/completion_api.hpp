#pragma once
// The parts of OpenAI's chat completions API that llm-sim speaks, as JSON:
// reading a request the way the real service validates it, the reply a
// well-behaved model would give, and the bodies of a whole response, a
// stream chunk and an error, in the service's shapes.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace baton::llm {

struct ChatMessage {
  std::string role;
  std::string content;
};

struct CompletionRequest {
  std::string model;
  bool stream = false;
  std::vector<ChatMessage> messages;
  std::string raw;  // the body as received, for the request log
};

struct ApiFailure {
  unsigned status = 400;
  std::string message;
  std::string type = "invalid_request_error";
  std::string code;  // empty: null
};

// The request, or the error the real service answers for it.
std::variant<CompletionRequest, ApiFailure> read_request(std::string_view body);

// The service's answer to a body that is not a JSON object.
ApiFailure unparsable_body();

// What the fake model says when no scripted reply is queued: the first
// answer among the facts the system prompt gives ("A: ..."), a one-line
// summary for a summary prompt, or the unsure marker when there are no facts.
std::string default_reply(const CompletionRequest& request);

std::string error_body(const ApiFailure& failure);
std::string response_body(const std::string& id, const std::string& model, std::string_view text);
// One "data:" event of a stream: the first carries the role, the last the
// finish reason and no text.
std::string chunk_body(const std::string& id, const std::string& model, std::string_view text, bool first, bool last);

// The reply cut into the pieces a model streams: words with their spaces.
std::vector<std::string> stream_pieces(std::string_view text);

}  // namespace baton::llm
