#include "tools/llm-sim/completion_api.hpp"

#include <boost/json.hpp>
#include <ctime>

namespace baton::llm {
namespace json = boost::json;

ApiFailure unparsable_body() {
  return {400,
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP "
          "library correctly.)",
          "invalid_request_error",
          {}};
}

std::variant<CompletionRequest, ApiFailure> read_request(std::string_view body) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec || !value.is_object()) return unparsable_body();
  const auto& o = value.as_object();
  CompletionRequest request;
  request.raw = std::string(body);
  const auto* model = o.if_contains("model");
  if (!model || !model->is_string())
    return ApiFailure{400, "you must provide a model parameter", "invalid_request_error", {}};
  request.model = std::string(model->as_string());
  const auto* messages = o.if_contains("messages");
  if (!messages)
    return ApiFailure{400, "Missing required parameter: 'messages'.", "invalid_request_error",
                      "missing_required_parameter"};
  if (!messages->is_array()) {
    return ApiFailure{400, "Invalid type for 'messages': expected an array.", "invalid_request_error", "invalid_type"};
  }
  if (messages->as_array().empty()) {
    return ApiFailure{400, "Invalid 'messages': empty array. Expected an array with minimum length 1.",
                      "invalid_request_error", "empty_array"};
  }
  for (const auto& m : messages->as_array()) {
    const auto* role = m.is_object() ? m.as_object().if_contains("role") : nullptr;
    const auto* content = m.is_object() ? m.as_object().if_contains("content") : nullptr;
    if (!role || !role->is_string()) {
      return ApiFailure{400, "Invalid 'messages': each message needs a string 'role'.", "invalid_request_error",
                        "invalid_value"};
    }
    std::string r(role->as_string());
    // Content is a string, an array of parts ({"type":"text","text":...}),
    // or null for an assistant turn.
    std::string text;
    if (content && content->is_string()) {
      text = std::string(content->as_string());
    } else if (content && content->is_array()) {
      for (const auto& part : content->as_array()) {
        const auto* part_text = part.is_object() ? part.as_object().if_contains("text") : nullptr;
        if (!part_text || !part_text->is_string()) {
          return ApiFailure{400, "Invalid content part: only text parts are supported here.", "invalid_request_error",
                            "invalid_value"};
        }
        text += part_text->as_string();
      }
    } else if (!(r == "assistant" && content && content->is_null())) {
      return ApiFailure{400, "Invalid 'content': expected a string or an array of content parts.",
                        "invalid_request_error", "invalid_type"};
    }
    if (r != "system" && r != "user" && r != "assistant" && r != "developer") {
      return ApiFailure{400, "Invalid value: '" + r + "'. Supported values are: 'system', 'assistant', 'user'.",
                        "invalid_request_error", "invalid_value"};
    }
    request.messages.push_back({r, std::move(text)});
  }
  if (const auto* stream = o.if_contains("stream")) {
    if (!stream->is_bool())
      return ApiFailure{400, "Invalid type for 'stream': expected a boolean.", "invalid_request_error", "invalid_type"};
    request.stream = stream->as_bool();
  }
  if (const auto* options = o.if_contains("stream_options"); options && !options->is_null()) {
    if (!request.stream) {
      return ApiFailure{400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                        "invalid_request_error", "invalid_value"};
    }
    const auto* include = options->is_object() ? options->as_object().if_contains("include_usage") : nullptr;
    if (!options->is_object() || (include && !include->is_bool())) {
      return ApiFailure{400, "Invalid type for 'stream_options.include_usage': expected a boolean.",
                        "invalid_request_error", "invalid_type"};
    }
    request.include_usage = include && include->as_bool();
  }
  return request;
}

std::string default_reply(const CompletionRequest& request) {
  std::string system;
  std::string last_user;
  for (const auto& m : request.messages) {
    if (m.role == "system") system += m.content;
    if (m.role == "user") last_user = m.content;
  }
  if (system.find("summary for a support agent") != std::string::npos) {
    auto start = last_user.find("Visitor: ");
    if (start == std::string::npos) return "The visitor has not said what they need yet.";
    auto end = last_user.find('\n', start);
    return "Wants: " + last_user.substr(start + 9, end == std::string::npos ? std::string::npos : end - start - 9);
  }
  auto answer = system.find("\nA: ");
  if (answer == std::string::npos) return "[[unsure]]";
  answer += 4;
  auto end = system.find("\n\n", answer);
  auto next = system.find("\nQ: ", answer);
  end = std::min(end, next);
  auto reply = system.substr(answer, end == std::string::npos ? std::string::npos : end - answer);
  while (!reply.empty() && (reply.back() == '\n' || reply.back() == ' ')) reply.pop_back();
  return reply;
}

std::string error_body(const ApiFailure& failure) {
  json::object error{{"message", failure.message}, {"type", failure.type}, {"param", nullptr}};
  if (failure.code.empty()) {
    error["code"] = nullptr;
  } else {
    error["code"] = failure.code;
  }
  return json::serialize(json::object{{"error", std::move(error)}});
}

std::int64_t completion_tokens(std::string_view text) { return static_cast<std::int64_t>(stream_pieces(text).size()); }

std::int64_t prompt_tokens(const CompletionRequest& request) {
  std::int64_t tokens = 0;
  for (const auto& m : request.messages) {
    tokens += 4;
    std::size_t at = 0;
    while (at < m.content.size()) {
      auto start = m.content.find_first_not_of(" \n\t", at);
      if (start == std::string::npos) break;
      ++tokens;
      at = m.content.find_first_of(" \n\t", start);
    }
  }
  return tokens;
}

std::string usage_chunk_body(const std::string& id, const std::string& model, std::int64_t prompt,
                             std::int64_t completion) {
  return json::serialize(json::object{
      {"id", id},
      {"object", "chat.completion.chunk"},
      {"created", static_cast<std::int64_t>(std::time(nullptr))},
      {"model", model},
      {"choices", json::array{}},
      {"usage", json::object{{"prompt_tokens", prompt},
                             {"completion_tokens", completion},
                             {"total_tokens", prompt + completion}}},
  });
}

std::string response_body(const std::string& id, const std::string& model, std::string_view text, std::int64_t prompt) {
  auto words = completion_tokens(text);
  json::object message{{"role", "assistant"}, {"content", text}, {"refusal", nullptr}};
  json::object choice{{"index", 0}, {"message", std::move(message)}, {"logprobs", nullptr}, {"finish_reason", "stop"}};
  return json::serialize(json::object{
      {"id", id},
      {"object", "chat.completion"},
      {"created", static_cast<std::int64_t>(std::time(nullptr))},
      {"model", model},
      {"choices", json::array{std::move(choice)}},
      {"usage",
       json::object{{"prompt_tokens", prompt}, {"completion_tokens", words}, {"total_tokens", prompt + words}}},
  });
}

std::string chunk_body(const std::string& id, const std::string& model, std::string_view text, bool first, bool last) {
  json::object delta;
  if (first) delta["role"] = "assistant";
  if (!last) delta["content"] = text;
  json::object choice{{"index", 0}, {"delta", std::move(delta)}, {"logprobs", nullptr}};
  if (last) {
    choice["finish_reason"] = "stop";
  } else {
    choice["finish_reason"] = nullptr;
  }
  return json::serialize(json::object{
      {"id", id},
      {"object", "chat.completion.chunk"},
      {"created", static_cast<std::int64_t>(std::time(nullptr))},
      {"model", model},
      {"choices", json::array{std::move(choice)}},
  });
}

std::vector<std::string> stream_pieces(std::string_view text) {
  std::vector<std::string> pieces;
  std::size_t start = 0;
  while (start < text.size()) {
    auto space = text.find(' ', start);
    auto end = space == std::string_view::npos ? text.size() : space + 1;
    pieces.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return pieces;
}

}  // namespace baton::llm
