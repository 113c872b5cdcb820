#include "relay/assistant/model/chat_protocol.hpp"

#include <boost/json.hpp>

#include "relay/assistant/model/answer_text.hpp"

namespace baton {
namespace {

namespace json = boost::json;

const json::object* first_choice(const json::value& root) {
  const auto* top = root.if_object();
  if (!top) return nullptr;
  const auto* choices = top->if_contains("choices");
  if (!choices || !choices->is_array() || choices->as_array().empty()) return nullptr;
  return choices->as_array()[0].if_object();
}

std::optional<std::string> string_in(const json::object* object, std::string_view outer, std::string_view key) {
  if (!object) return std::nullopt;
  const auto* inner = object->if_contains(outer);
  if (!inner || !inner->is_object()) return std::nullopt;
  const auto* value = inner->as_object().if_contains(key);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::string();
  if (!value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

}  // namespace

std::string chat_request_body(std::string_view model, const std::vector<ChatTurn>& turns, bool stream,
                              unsigned max_tokens) {
  json::array messages;
  for (const auto& t : turns) messages.push_back(json::object{{"role", t.role}, {"content", t.content}});
  json::object body{{"model", model},
                    {"messages", std::move(messages)},
                    {"stream", stream},
                    {"max_tokens", max_tokens},
                    {"temperature", 0.2}};
  // The tokens used come in a last chunk only when asked for.
  if (stream) body["stream_options"] = json::object{{"include_usage", true}};
  return json::serialize(body);
}

std::optional<TokenUsage> usage_in(std::string_view data) {
  if (data.find("\"usage\"") == std::string_view::npos) return std::nullopt;
  boost::system::error_code ec;
  auto root = json::parse(data, ec);
  const auto* top = ec ? nullptr : root.if_object();
  const auto* usage = top ? top->if_contains("usage") : nullptr;
  if (!usage || !usage->is_object()) return std::nullopt;
  auto count = [&](std::string_view key) -> std::int64_t {
    const auto* v = usage->get_object().if_contains(key);
    return v && v->is_int64() && v->get_int64() > 0 ? v->get_int64() : 0;
  };
  return TokenUsage{count("prompt_tokens"), count("completion_tokens")};
}

std::optional<std::string> chunk_text(std::string_view data) {
  boost::system::error_code ec;
  auto root = json::parse(data, ec);
  if (ec) return std::nullopt;
  const auto* choice = first_choice(root);
  if (!choice) {
    // Chunks with no choice carry other things: usage figures at the end
    // (OpenAI's include_usage), content filter results first (Azure).
    const auto* top = root.if_object();
    if (top && !top->contains("error") && (top->contains("usage") || top->contains("choices"))) return std::string();
    return std::nullopt;
  }
  if (auto text = string_in(choice, "delta", "content")) return text;
  if (choice->contains("delta")) return std::string();  // a role-only or finish chunk
  return std::nullopt;
}

std::optional<std::string> response_text(std::string_view body) {
  boost::system::error_code ec;
  auto root = json::parse(body, ec);
  if (ec) return std::nullopt;
  return string_in(first_choice(root), "message", "content");
}

namespace {

// For a log line: valid UTF-8, no control characters, at most 300 characters.
std::string loggable(std::string_view text) {
  auto tidy = tidy_answer(text);
  if (!tidy) return "(an error message that is not text)";
  for (auto& c : *tidy) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return cut_to_chars(*tidy, 300);
}

}  // namespace

std::string error_text(std::string_view body) {
  boost::system::error_code ec;
  auto root = json::parse(body, ec);
  if (!ec && root.is_object()) {
    const auto* error = root.as_object().if_contains("error");
    if (error && error->is_object()) {
      if (const auto* message = error->as_object().if_contains("message"); message && message->is_string()) {
        return loggable(message->as_string());
      }
    }
    if (error && error->is_string()) return loggable(error->as_string());
  }
  // Anything else may echo what was sent (the visitor's words): only its size.
  return "a body that is not an API error (" + std::to_string(body.size()) + " bytes)";
}

}  // namespace baton
