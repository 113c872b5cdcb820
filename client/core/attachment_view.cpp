#include "client/core/attachment_view.hpp"

#include "common/media_type.hpp"

namespace baton::client {

std::string attachment_path(std::string_view session_id, std::string_view attachment_id) {
  std::string path = "/v1/sessions/";
  path += session_id;
  path += "/attachments/";
  path += attachment_id;
  return path;
}

std::string shown_name(Lang language, const Attachment& file) {
  if (!file.name.empty() || !is_picture(file.kind)) return file.name;
  return std::string(text(language, Text::picture));
}

Node draw_file_label(DomBuilder& build, Node parent, std::string_view name, std::uint64_t size) {
  Node label = build.element(parent, "span", "file-label");
  build.element(label, "span", "file-name", {}, name);
  build.element(label, "span", "file-size", {}, readable_size(size));
  return label;
}

Node draw_attachment(DomBuilder& build, Node parent, Lang language, const Attachment& file, std::string_view path,
                     std::string_view bearer) {
  auto& dom = build.dom();
  auto name = shown_name(language, file);
  switch (file.kind) {
    case AttachmentKind::image:
    case AttachmentKind::sticker: {
      Node button = build.element(parent, "button",
                                  file.kind == AttachmentKind::sticker ? "picture sticker" : "picture",
                                  {{"type", "button"}, {"aria-label", format(language, Text::enlarge, "name", name)}});
      Node image = build.element(button, "img", {}, {{"alt", ""}});
      dom.show_file(image, "src", path, bearer);
      dom.listen(button, DomEvent::click);
      return button;
    }
    case AttachmentKind::audio:
    case AttachmentKind::video: {
      bool video = file.kind == AttachmentKind::video;
      Node player = build.element(parent, video ? "video" : "audio", video ? "video" : "audio",
                                  {{"controls", ""}, {"preload", "metadata"}, {"aria-label", name}});
      dom.show_file(player, "src", path, bearer);
      return player;
    }
    case AttachmentKind::document: break;
  }
  Node card = build.element(parent, "div", "file-card");
  build.element(card, "span", "file-icon", {{"aria-hidden", "true"}});
  // The link beside the size, under the name.
  Node label = draw_file_label(build, card, name, file.size);
  auto download = text(language, Text::download);
  Node link = build.element(label, "a", "download",
                            {{"download", name}, {"aria-label", std::string(download) + " " + name}}, download);
  dom.show_file(link, "href", path, bearer);
  return card;
}

}  // namespace baton::client
