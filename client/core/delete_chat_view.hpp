#pragma once
// Under the composer: "End chat" while a person has the chat or it waits
// for one, and "Delete this conversation" with the question that confirms
// it ("Delete" / "Keep it") and what went wrong if it failed. Drawn from
// Model::state, ending_chat and deletion.

#include <optional>

#include "client/core/actions.hpp"
#include "client/core/dom_builder.hpp"
#include "client/core/model.hpp"

namespace baton::client {

class DeleteChatView {
 public:
  DeleteChatView(DomBuilder& build, Node parent, Lang language);
  void render(const Model& model);
  std::optional<Action> action_for(Node node, DomEvent event) const;
  Node keep_button() const { return keep_; }

 private:
  DomBuilder& build_;
  Node row_;
  Node end_;
  Node ask_;
  Node confirm_;
  Node delete_;
  Node keep_;
  Node error_;
};

}  // namespace baton::client
