#pragma once
// The satisfaction survey under the log once an agent ended the chat: one
// to five, and an optional comment sent with the choice (docs/widget.md).
// The question itself is the relay's `survey` message in the log; this goes
// once the relay thanks the visitor. Drawn from Model::survey only.

#include <array>
#include <optional>

#include "client/core/actions.hpp"
#include "client/core/dom_builder.hpp"
#include "client/core/model.hpp"

namespace baton::client {

class SurveyView {
 public:
  SurveyView(DomBuilder& build, Node parent, Lang language);
  void render(const Model& model);
  std::optional<Action> action_for(Node node, DomEvent event) const;

 private:
  DomBuilder& build_;
  Node box_;
  Node comment_;
  std::array<Node, 5> scores_{};
};

}  // namespace baton::client
