#include "client/core/picture_viewer.hpp"

#include "client/core/attachment_view.hpp"

namespace baton::client {

PictureViewer::PictureViewer(DomBuilder& build, Node parent, Lang language) : build_(build), language_(language) {
  box_ = build_.element(parent, "div", "viewer", {{"role", "dialog"}, {"aria-modal", "true"}, {"hidden", ""}});
  close_ = build_.element(box_, "button", "close",
                          {{"type", "button"}, {"aria-label", text(language, Text::close_picture)}}, "×");
  frame_ = build_.element(box_, "div", "frame");
  // The button's click reaches the box too: one listener closes either way.
  build_.dom().listen(box_, DomEvent::click);
  build_.dom().listen(box_, DomEvent::escape);
}

void PictureViewer::render(const Model& m) {
  const Attachment* picture = nullptr;
  for (const auto& entry : m.conversation.entries()) {
    if (!m.enlarged.empty() && entry.attachment.id == m.enlarged) picture = &entry.attachment;
  }
  bool showing = picture && m.stored.session;
  build_.show(box_, showing);
  if (!showing || picture->id == shown_) {
    if (!showing) shown_.clear();
    return;
  }
  shown_ = last_ = picture->id;
  auto& dom = build_.dom();
  auto name = shown_name(language_, *picture);
  dom.set_attribute(box_, "aria-label", name);
  // A fresh image: the last picture must not show while this one loads.
  dom.clear(frame_);
  Node image = build_.element(frame_, "img", {}, {{"alt", name}});
  dom.show_file(image, "src", attachment_path(m.stored.session->id, picture->id), m.stored.session->token);
}

std::optional<Action> PictureViewer::action_for(Node node, DomEvent event) const {
  if (node == box_ && (event == DomEvent::click || event == DomEvent::escape)) return action::Enlarge{};
  return std::nullopt;
}

}  // namespace baton::client
