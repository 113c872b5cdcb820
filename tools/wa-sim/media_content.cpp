#include "tools/wa-sim/media_content.hpp"

#include "common/utf8.hpp"
#include "tools/wa-sim/json_fields.hpp"

namespace baton::sim {

std::optional<GraphError> read_media(const boost::json::object& message, SendRequest& out) {
  const auto& type = out.type;
  auto field = [&](std::string_view key) { return type + "['" + std::string(key) + "']"; };
  // The object must be named after the type: `image` for an image, and so on.
  const auto* media = fields::object_at(message, type);
  if (!media) return GraphError::coded(131008, "The parameter " + type + " is required.");
  bool has_id = fields::given(*media, "id");
  bool has_link = fields::given(*media, "link");
  if (!has_id && !has_link) {
    return GraphError::coded(131008, "The parameter " + field("id") + " or " + field("link") + " is required.");
  }
  if (has_id && has_link) {
    return GraphError::coded(131009, "Param " + type + " must have either id or link, not both.");
  }
  if (has_id) {
    auto id = fields::string_at(*media, "id");
    if (!id || id->empty()) return GraphError::invalid_parameter("Param " + field("id") + " must be a media ID.");
    out.media_id = std::string(*id);
  } else {
    auto link = fields::string_at(*media, "link");
    if (!link || !(link->starts_with("https://") || link->starts_with("http://")) || link->size() <= 8) {
      return GraphError::coded(131009, "Param " + field("link") + " must be an http or https URL.");
    }
    out.media_link = std::string(*link);
  }
  if (fields::given(*media, "caption")) {
    if (type == "audio" || type == "sticker") {
      return GraphError::invalid_parameter("Param " + field("caption") + " is not allowed: " + type +
                                           " messages have no caption.");
    }
    auto caption = fields::string_at(*media, "caption");
    if (!caption) return GraphError::invalid_parameter("Param " + field("caption") + " must be a string.");
    if (utf8::length(*caption) > max_caption_chars) {
      return GraphError::invalid_parameter("Param " + field("caption") + " must be at most 1024 characters long.");
    }
    out.body = std::string(*caption);
  }
  if (fields::given(*media, "filename")) {
    if (type != "document") {
      return GraphError::invalid_parameter("Param " + field("filename") + " is not allowed: only documents have one.");
    }
    auto filename = fields::string_at(*media, "filename");
    if (!filename) return GraphError::invalid_parameter("Param " + field("filename") + " must be a string.");
    out.filename = std::string(*filename);
  }
  return std::nullopt;
}

}  // namespace baton::sim
