#pragma once
// The file the visitor chose, above the text box until it is sent: a
// thumbnail of a picture (from the browser's own copy) or a card with the
// name and size, the upload's progress while it goes, and a button that
// removes it. Drawn from Model::file only.

#include <optional>

#include "client/core/actions.hpp"
#include "client/core/dom_builder.hpp"
#include "client/core/model.hpp"

namespace baton::client {

class PendingFileView {
 public:
  PendingFileView(DomBuilder& build, Node parent, Lang language);
  void render(const Model& model, bool chatting);
  std::optional<Action> action_for(Node node, DomEvent event) const;

 private:
  DomBuilder& build_;
  Node box_;
  Node thumb_;
  Node icon_;
  Node label_;
  Node progress_;
  Node remove_;
  int shown_ = -1;  // the glue's handle of the file drawn
};

}  // namespace baton::client
