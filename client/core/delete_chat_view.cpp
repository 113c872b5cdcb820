#include "client/core/delete_chat_view.hpp"

namespace baton::client {

DeleteChatView::DeleteChatView(DomBuilder& build, Node parent, Lang language) : build_(build) {
  auto& dom = build_.dom();
  auto t = [language](Text which) { return text(language, which); };
  row_ = build_.element(parent, "div", "delete-chat", {{"hidden", ""}});
  end_ = build_.element(row_, "button", "link", {{"type", "button"}}, t(Text::end_chat));
  dom.listen(end_, DomEvent::click);
  ask_ = build_.element(row_, "button", "link ask-delete", {{"type", "button"}}, t(Text::delete_conversation));
  dom.listen(ask_, DomEvent::click);
  confirm_ = build_.element(row_, "div", "confirm-delete",
                            {{"role", "group"}, {"aria-label", t(Text::delete_conversation)}, {"hidden", ""}});
  build_.element(confirm_, "p", "question", {}, t(Text::delete_question));
  Node buttons = build_.element(confirm_, "div", "buttons");
  delete_ = build_.element(buttons, "button", "danger", {{"type", "button"}}, t(Text::delete_confirm));
  dom.listen(delete_, DomEvent::click);
  keep_ = build_.element(buttons, "button", "back", {{"type", "button"}}, t(Text::delete_keep));
  dom.listen(keep_, DomEvent::click);
  error_ = build_.element(row_, "p", "error", {{"role", "alert"}, {"hidden", ""}}, t(Text::delete_failed));
}

void DeleteChatView::render(const Model& m) {
  // Only a chat the relay knows can be deleted; a deleted one is gone.
  bool has_chat = m.stored.session.has_value() || m.deletion == Deletion::deleting;
  build_.show(row_, has_chat && m.panel == Panel::chat);
  bool asking = m.deletion == Deletion::confirming || m.deletion == Deletion::deleting;
  build_.show(ask_, !asking);
  build_.show(end_, !asking && (m.state == SessionState::live || m.state == SessionState::waiting));
  if (m.ending_chat) build_.dom().set_attribute(end_, "disabled", "");
  else build_.dom().remove_attribute(end_, "disabled");
  build_.show(confirm_, asking);
  if (m.deletion == Deletion::deleting) build_.dom().set_attribute(delete_, "disabled", "");
  else build_.dom().remove_attribute(delete_, "disabled");
  build_.show(error_, m.deletion == Deletion::failed);
}

std::optional<Action> DeleteChatView::action_for(Node node, DomEvent event) const {
  if (event != DomEvent::click) return std::nullopt;
  if (node == end_) return action::EndChat{};
  if (node == ask_) return action::AskToDelete{};
  if (node == delete_) return action::ConfirmDelete{};
  if (node == keep_) return action::KeepConversation{};
  return std::nullopt;
}

}  // namespace baton::client
