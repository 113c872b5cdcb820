#include "tools/wa-sim/template_registry.hpp"

#include <charconv>
#include <stdexcept>

namespace baton::sim {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// The bodies Baton's own templates are approved with (docs/whatsapp-templates.md);
// other templates only need to be recognisable on the phone page.
constexpr std::string_view reconnect_body = "You have {{1}} waiting. Reply to this message to see it.";
constexpr std::string_view continue_body =
    "Thanks for chatting with us on our website. We continue your chat {{1}} here: reply to this message to write "
    "to our team.";
constexpr std::string_view call_body = "About your call with us: {{1}}. Reply to this message if you have questions.";

}  // namespace

TemplateRegistry::TemplateRegistry(std::vector<TemplateSpec> templates) : templates_(std::move(templates)) {}

std::vector<TemplateSpec> TemplateRegistry::parse(std::string_view list) {
  std::vector<TemplateSpec> specs;
  if (list.empty()) return specs;
  for (auto item : split(list, ',')) {
    auto fields = split(item, ':');
    if (fields.size() < 3 || fields.size() > 4 || fields[0].empty() || fields[1].empty()) {
      throw std::invalid_argument("expected name:language:params[:Button|Button], got \"" + std::string(item) + "\"");
    }
    TemplateSpec spec{std::string(fields[0]), std::string(fields[1]), 0, {}};
    auto [end, ec] = std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), spec.body_params);
    if (ec != std::errc() || end != fields[2].data() + fields[2].size() || spec.body_params > 100) {
      throw std::invalid_argument("parameter count must be a number, got \"" + std::string(item) + "\"");
    }
    if (fields.size() == 4) {
      for (auto label : split(fields[3], '|')) {
        if (!label.empty()) spec.quick_replies.emplace_back(label);
      }
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

const TemplateSpec* TemplateRegistry::find(std::string_view name, std::string_view language) const {
  for (const auto& spec : templates_) {
    if (spec.name == name && spec.language == language) return &spec;
  }
  return nullptr;
}

bool TemplateRegistry::has_name(std::string_view name) const {
  for (const auto& spec : templates_) {
    if (spec.name == name) return true;
  }
  return false;
}

std::string TemplateRegistry::render(std::string_view name, const std::vector<std::string>& params) {
  for (auto [known, body] : {std::pair{std::string_view("baton_reconnect"), reconnect_body},
                             std::pair{std::string_view("baton_continue"), continue_body},
                             std::pair{std::string_view("baton_call"), call_body}}) {
    if (name != known) continue;
    std::string out(body);
    auto at = out.find("{{1}}");
    out.replace(at, 5, params.empty() ? std::string() : params.front());
    return out;
  }
  std::string out = "[template " + std::string(name) + "]";
  for (std::size_t i = 0; i < params.size(); ++i) out += (i == 0 ? " " : " | ") + params[i];
  return out;
}

void TemplateRegistry::set_status(const std::string& name, const std::string& event) {
  if (event == "PAUSED") refused_[name] = 132015;
  else if (event == "DISABLED") refused_[name] = 132016;
  else refused_.erase(name);
}

std::optional<std::int64_t> TemplateRegistry::refusal(std::string_view name) const {
  auto it = refused_.find(name);
  if (it == refused_.end()) return std::nullopt;
  return it->second;
}

}  // namespace baton::sim
