#include "tools/wa-sim/template_content.hpp"

#include "common/utf8.hpp"
#include "tools/wa-sim/json_fields.hpp"

namespace baton::sim {
namespace {

using boost::json::object;

constexpr std::size_t max_rendered_chars = 1024;

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

GraphError bad_parameters() {
  return GraphError::coded(132018, "Param text cannot have new-line/tab characters or more than 4 consecutive spaces");
}

// The text a parameter contributes to the rendered body; currency and
// date_time parameters show their fallback_value.
std::optional<std::string> parameter_text(const object& parameter) {
  auto type = fields::string_or(parameter, "type");
  if (type == "text") return std::string(fields::string_or(parameter, "text"));
  if (type == "currency" || type == "date_time") {
    if (const auto* inner = fields::object_at(parameter, type)) {
      return std::string(fields::string_or(*inner, "fallback_value"));
    }
  }
  return std::nullopt;
}

struct Components {
  std::vector<std::string> body_params;
  std::vector<std::pair<std::size_t, std::string>> quick_reply_payloads;  // index, payload
};

std::optional<GraphError> read_components(const object& tmpl, Components& out) {
  if (!fields::given(tmpl, "components")) return std::nullopt;
  const auto* components = fields::array_at(tmpl, "components");
  if (!components) return GraphError::invalid_parameter("Param template['components'] must be an array.");
  for (const auto& item : *components) {
    const auto* component = item.if_object();
    if (!component) return GraphError::invalid_parameter("Param template['components'] must hold objects.");
    auto type = lower(fields::string_or(*component, "type"));
    const auto* parameters = fields::array_at(*component, "parameters");
    if (!parameters) continue;
    for (const auto& p : *parameters) {
      const auto* parameter = p.if_object();
      if (!parameter) return GraphError::invalid_parameter("Template parameters must be objects.");
      if (fields::string_or(*parameter, "type") == "text" && !fields::string_at(*parameter, "text")) {
        return GraphError::coded(131008, "The parameter text is required for a text parameter.");
      }
      auto text = parameter_text(*parameter);
      if (text && !is_acceptable_parameter_text(*text)) return bad_parameters();
      if (type == "body") {
        out.body_params.push_back(text.value_or(std::string()));
      } else if (type == "button" && lower(fields::string_or(*component, "sub_type")) == "quick_reply") {
        auto index = fields::string_or(*component, "index", "0");
        std::size_t at = index.empty() ? 0 : static_cast<std::size_t>(index.front() - '0');
        out.quick_reply_payloads.emplace_back(at, std::string(fields::string_or(*parameter, "payload")));
      }
    }
  }
  return std::nullopt;
}

}  // namespace

bool is_acceptable_parameter_text(std::string_view text) {
  int spaces = 0;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == '\r') return false;
    spaces = c == ' ' ? spaces + 1 : 0;
    if (spaces > 4) return false;
  }
  return true;
}

std::optional<GraphError> read_template(const object& message, const TemplateRegistry& templates, SendRequest& out) {
  const auto* tmpl = fields::object_at(message, "template");
  if (!tmpl) return GraphError::coded(131008, "The parameter template is required.");
  auto name = fields::string_at(*tmpl, "name");
  if (!name || name->empty()) return GraphError::coded(131008, "The parameter template['name'] is required.");
  const auto* language = fields::object_at(*tmpl, "language");
  auto code = language ? fields::string_at(*language, "code") : std::nullopt;
  if (!code || code->empty()) {
    return GraphError::coded(131008, "The parameter template['language']['code'] is required.");
  }
  const auto* spec = templates.find(*name, *code);
  if (!spec) {
    return GraphError::coded(132001,
                             "template name (" + std::string(*name) + ") does not exist in " + std::string(*code));
  }
  if (auto refused = templates.refusal(*name)) {
    return GraphError::coded(*refused, std::string(error_details(*refused)));
  }

  Components components;
  if (auto error = read_components(*tmpl, components)) return error;
  if (components.body_params.size() != spec->body_params) {
    return GraphError::coded(
        132000, "body: number of localizable_params (" + std::to_string(components.body_params.size()) +
                    ") does not match the expected number of params (" + std::to_string(spec->body_params) + ")");
  }
  out.body = TemplateRegistry::render(spec->name, components.body_params);
  if (utf8::length(out.body) > max_rendered_chars) {
    return GraphError::coded(132005, "The template body is longer than 1024 characters after substitution.");
  }
  out.template_name = spec->name;
  out.template_language = spec->language;
  // A quick reply sends back the payload given at send time, or its label.
  for (std::size_t i = 0; i < spec->quick_replies.size(); ++i) {
    ReplyButton button{spec->quick_replies[i], spec->quick_replies[i]};
    for (const auto& [index, payload] : components.quick_reply_payloads) {
      if (index == i && !payload.empty()) button.id = payload;
    }
    out.buttons.push_back(std::move(button));
  }
  return std::nullopt;
}

}  // namespace baton::sim
