#include "client/core/pending_file_view.hpp"

#include "client/core/attachment_view.hpp"

namespace baton::client {

PendingFileView::PendingFileView(DomBuilder& build, Node parent, Lang language) : build_(build) {
  box_ = build_.element(parent, "div", "pending", {{"hidden", ""}});
  thumb_ = build_.element(box_, "img", "thumb", {{"hidden", ""}});
  icon_ = build_.element(box_, "span", "file-icon", {{"aria-hidden", "true"}});
  label_ = build_.element(box_, "span", "file-about");
  progress_ = build_.element(box_, "progress", "upload",
                             {{"max", "100"}, {"aria-label", text(language, Text::uploading)}, {"hidden", ""}});
  remove_ = build_.element(box_, "button", "remove",
                           {{"type", "button"}, {"aria-label", text(language, Text::remove_file)}}, "×");
  build_.dom().listen(remove_, DomEvent::click);
}

void PendingFileView::render(const Model& m, bool chatting) {
  build_.show(box_, chatting && m.file.has_value());
  if (!m.file) {
    shown_ = -1;
    return;
  }
  auto& dom = build_.dom();
  const auto& file = *m.file;
  if (file.handle != shown_) {
    shown_ = file.handle;
    bool picture = is_picture(file.kind);
    build_.show(thumb_, picture);
    build_.show(icon_, !picture);
    if (picture) {
      dom.set_attribute(thumb_, "src", file.preview);
      dom.set_attribute(thumb_, "alt", file.name);
    }
    dom.clear(label_);
    draw_file_label(build_, label_, file.name, file.size);
  }
  build_.show(progress_, file.uploading);
  auto percent = file.size == 0 ? 0 : file.sent * 100 / file.size;
  dom.set_attribute(progress_, "value", std::to_string(percent > 100 ? 100 : percent));
}

std::optional<Action> PendingFileView::action_for(Node node, DomEvent event) const {
  if (node == remove_ && event == DomEvent::click) return action::RemoveFile{};
  return std::nullopt;
}

}  // namespace baton::client
