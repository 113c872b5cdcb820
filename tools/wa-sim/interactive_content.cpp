#include "tools/wa-sim/interactive_content.hpp"

#include <algorithm>
#include <set>

#include "common/utf8.hpp"
#include "tools/wa-sim/json_fields.hpp"

namespace baton::sim {
namespace {

using boost::json::object;

// Reply-button bodies are capped at 1,024 characters, list bodies at 4,096.
constexpr std::size_t button_body_chars = 1024;
constexpr std::size_t list_body_chars = 4096;
constexpr std::size_t header_chars = 60;
constexpr std::size_t footer_chars = 60;

// Interactive kinds the Cloud API has that the simulator does not model.
constexpr std::string_view unmodelled_kinds[] = {
    "cta_url", "flow", "product", "product_list", "catalog_message", "location_request_message", "address_message"};

GraphError invalid(std::string details) { return GraphError::coded(131009, std::move(details)); }

// A required string of 1..max characters at o[key]; `path` names it.
std::optional<GraphError> required_text(const object& o, std::string_view key, std::size_t max, std::string path,
                                        std::string& out) {
  auto value = fields::string_at(o, key);
  if (!value || value->empty()) return invalid("Param " + path + " is required.");
  if (utf8::length(*value) > max) {
    return invalid("Param " + path + " must be at most " + std::to_string(max) + " characters long.");
  }
  out = std::string(*value);
  return std::nullopt;
}

std::optional<GraphError> optional_text(const object& o, std::string_view key, std::size_t max, std::string path,
                                        std::string& out) {
  if (!fields::given(o, key)) return std::nullopt;
  return required_text(o, key, max, std::move(path), out);
}

std::optional<GraphError> read_buttons(const object& action, SendRequest& out) {
  const auto* buttons = fields::array_at(action, "buttons");
  if (!buttons || buttons->empty() || buttons->size() > 3) {
    return invalid("Param interactive['action']['buttons'] must hold 1 to 3 buttons.");
  }
  std::set<std::string> titles;
  for (std::size_t i = 0; i < buttons->size(); ++i) {
    auto path = "interactive['action']['buttons'][" + std::to_string(i) + "]";
    const auto* button = (*buttons)[i].if_object();
    const auto* reply = button ? fields::object_at(*button, "reply") : nullptr;
    if (!reply || fields::string_or(*button, "type") != "reply") {
      return invalid("Param " + path + " must be a button of type reply with a reply object.");
    }
    ReplyButton parsed;
    if (auto e = required_text(*reply, "id", 256, path + "['reply']['id']", parsed.id)) return e;
    if (parsed.id.front() == ' ' || parsed.id.back() == ' ') {
      return invalid("Param " + path + "['reply']['id'] cannot have leading or trailing spaces.");
    }
    if (auto e = required_text(*reply, "title", 20, path + "['reply']['title']", parsed.title)) return e;
    if (!titles.insert(parsed.title).second) {
      return invalid("Param " + path + "['reply']['title'] must be unique: button titles cannot repeat.");
    }
    out.buttons.push_back(std::move(parsed));
  }
  return std::nullopt;
}

std::optional<GraphError> read_list(const object& action, SendRequest& out) {
  if (auto e = required_text(action, "button", 20, "interactive['action']['button']", out.list_button)) return e;
  const auto* sections = fields::array_at(action, "sections");
  if (!sections || sections->empty() || sections->size() > 10) {
    return invalid("Param interactive['action']['sections'] must hold 1 to 10 sections.");
  }
  for (std::size_t s = 0; s < sections->size(); ++s) {
    auto path = "interactive['action']['sections'][" + std::to_string(s) + "]";
    const auto* section = (*sections)[s].if_object();
    const auto* rows = section ? fields::array_at(*section, "rows") : nullptr;
    if (!rows || rows->empty()) return invalid("Param " + path + "['rows'] must hold at least one row.");
    std::string title;
    if (sections->size() > 1 || fields::given(*section, "title")) {
      if (auto e = required_text(*section, "title", 24, path + "['title']", title)) return e;
    }
    for (std::size_t r = 0; r < rows->size(); ++r) {
      auto row_path = path + "['rows'][" + std::to_string(r) + "]";
      const auto* row = (*rows)[r].if_object();
      if (!row) return invalid("Param " + row_path + " must be an object.");
      ListRow parsed;
      if (auto e = required_text(*row, "id", 200, row_path + "['id']", parsed.id)) return e;
      if (auto e = required_text(*row, "title", 24, row_path + "['title']", parsed.title)) return e;
      if (auto e = optional_text(*row, "description", 72, row_path + "['description']", parsed.description)) return e;
      out.rows.push_back(std::move(parsed));
    }
  }
  if (out.rows.size() > 10) {
    return invalid("Param interactive['action']['sections'] may hold at most 10 rows across all sections.");
  }
  return std::nullopt;
}

}  // namespace

std::optional<GraphError> read_interactive(const object& message, SendRequest& out) {
  const auto* interactive = fields::object_at(message, "interactive");
  if (!interactive) return invalid("Param interactive is required for messages of type interactive.");
  auto kind = fields::string_or(*interactive, "type");
  if (std::find(std::begin(unmodelled_kinds), std::end(unmodelled_kinds), kind) != std::end(unmodelled_kinds)) {
    return GraphError::coded(131051, "Interactive type " + std::string(kind) +
                                         " is not supported by this "
                                         "simulator; send button or list.");
  }
  if (kind != "button" && kind != "list") {
    return invalid(
        "Param interactive['type'] must be one of button, list, cta_url, flow, product or "
        "product_list.");
  }
  const auto* body = fields::object_at(*interactive, "body");
  if (!body) return invalid("Param interactive['body']['text'] is required.");
  auto body_max = kind == "button" ? button_body_chars : list_body_chars;
  if (auto e = required_text(*body, "text", body_max, "interactive['body']['text']", out.body)) return e;
  if (const auto* header = fields::object_at(*interactive, "header")) {
    if (fields::string_or(*header, "type", "text") != "text") {
      if (kind == "list") return invalid("Param interactive['header']['type'] must be text for a list.");
      return GraphError::coded(131051, "Media headers are not supported by this simulator; use a text header.");
    }
    if (auto e = required_text(*header, "text", header_chars, "interactive['header']['text']", out.header)) return e;
  }
  if (const auto* footer = fields::object_at(*interactive, "footer")) {
    if (auto e = required_text(*footer, "text", footer_chars, "interactive['footer']['text']", out.footer)) return e;
  }
  const auto* action = fields::object_at(*interactive, "action");
  if (!action) return invalid("Param interactive['action'] is required.");
  return kind == "button" ? read_buttons(*action, out) : read_list(*action, out);
}

}  // namespace baton::sim
