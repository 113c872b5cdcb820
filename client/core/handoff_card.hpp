#pragma once
// The card above the composer after "Continue on WhatsApp" (the number
// written to, an "Open WhatsApp" link and its QR code, or "connected" once
// the visitor wrote there) or "Schedule a call" (when, the number, "Add to
// calendar" and "Cancel the call"). Drawn from Model::card only.

#include <optional>
#include <string>

#include "client/core/actions.hpp"
#include "client/core/dom_builder.hpp"
#include "client/core/model.hpp"

namespace baton::client {

class HandoffCardView {
 public:
  HandoffCardView(DomBuilder& build, Node parent, Lang language);
  void render(const Model& model);
  std::optional<Action> action_for(Node node, DomEvent event) const;
  Node keep_button() const { return keep_; }

 private:
  DomBuilder& build_;
  Lang language_;
  Node card_;
  Node title_;
  Node text_;
  Node link_;
  Node qr_row_;
  Node qr_;
  Node calendar_;
  Node cancel_;
  Node confirm_row_;
  Node question_;
  Node confirm_;
  Node keep_;
  Node error_;
  std::string drawn_ics_;  // the calendar link is rebuilt only when it changes
};

}  // namespace baton::client
