#pragma once
// A picture of the log shown larger, over the chat: a modal dialog named by
// the file, closed by its button, a click anywhere on it, or Escape (which
// then does not close the chat). Drawn from Model::enlarged only.

#include <optional>
#include <string>

#include "client/core/actions.hpp"
#include "client/core/dom_builder.hpp"
#include "client/core/model.hpp"

namespace baton::client {

class PictureViewer {
 public:
  PictureViewer(DomBuilder& build, Node parent, Lang language);
  void render(const Model& model);
  std::optional<Action> action_for(Node node, DomEvent event) const;
  Node close_button() const { return close_; }
  // The picture last shown, whose button gets the focus back.
  const std::string& last_shown() const { return last_; }

 private:
  DomBuilder& build_;
  Lang language_;
  Node box_;
  Node close_;
  Node frame_;
  std::string shown_;
  std::string last_;
};

}  // namespace baton::client
