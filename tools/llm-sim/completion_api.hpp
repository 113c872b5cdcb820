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
  bool include_usage = false;  // stream_options.include_usage: a last chunk with the usage
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
// Tokens are counted as the API reports them in "usage"; the simulator's
// tokenizer is whitespace (a word is a token) plus 4 per message for the
// chat format, close enough for the cost figures a test works out by hand.
std::int64_t prompt_tokens(const CompletionRequest& request);
std::int64_t completion_tokens(std::string_view text);

std::string response_body(const std::string& id, const std::string& model, std::string_view text, std::int64_t prompt);
// The last chunk of a stream asked for with include_usage: no choices, the usage.
std::string usage_chunk_body(const std::string& id, const std::string& model, std::int64_t prompt,
                             std::int64_t completion);
// One "data:" event of a stream: the first carries the role, the last the
// finish reason and no text.
std::string chunk_body(const std::string& id, const std::string& model, std::string_view text, bool first, bool last);

// The reply cut into the pieces a model streams: words with their spaces.
std::vector<std::string> stream_pieces(std::string_view text);

}  // namespace baton::llm
