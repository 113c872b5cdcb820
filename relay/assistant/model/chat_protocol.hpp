#pragma once
// The OpenAI-compatible chat completions API, as JSON: the request the
// assistant sends, and what comes back (stream chunks, a whole response, or
// an error body). Servers differ in small ways (llama.cpp, vLLM, Ollama,
// hosted APIs); the readers accept what they have in common.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

struct ChatTurn {
  std::string role;  // system, user, assistant
  std::string content;
};

std::string chat_request_body(std::string_view model, const std::vector<ChatTurn>& turns, bool stream,
                              unsigned max_tokens);

// The tokens a call used, as the API reports them ("usage"): what the model
// read and what it wrote (the cost per resolution counts them).
struct TokenUsage {
  std::int64_t input = 0;
  std::int64_t output = 0;
};

// The usage in a stream's last chunk (asked for with include_usage) or in a
// whole response; nullopt where there is none.
std::optional<TokenUsage> usage_in(std::string_view json);

// One stream chunk: the text it adds (possibly empty); nullopt if it is not
// a chat completion chunk.
std::optional<std::string> chunk_text(std::string_view data);

// A whole (non-streamed) response: the first choice's message content.
std::optional<std::string> response_text(std::string_view body);

// The sentence an error body carries ({"error":{"message":...}}), else the
// start of the body.
std::string error_text(std::string_view body);

}  // namespace baton
