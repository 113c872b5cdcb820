#pragma once
// The handoff choices ("Wait for live chat", "Continue on WhatsApp",
// "Schedule a call", with live availability) and the form each leads to:
// name, phone, e-mail, and a consent checkbox whose text names WhatsApp.
// Nothing personal leaves the browser until the form is submitted.

#include <optional>
#include <string>

#include "client/core/actions.hpp"
#include "client/core/dom_builder.hpp"
#include "client/core/model.hpp"

namespace baton::client {

class HandoffPanels {
 public:
  HandoffPanels(DomBuilder& build, Node parent, Lang language);
  void render(const Model& model);
  // The action a DOM event inside the panels stands for, if any.
  std::optional<Action> action_for(Node node, DomEvent event);
  Node first_field() const { return name_; }
  // The options' heading: where the focus goes when they open.
  Node options_heading() const { return options_heading_; }

 private:
  void fill_form(const Model& model);
  FormFields typed_fields();
  void fill_slots(const Model& model);

  DomBuilder& build_;
  Lang language_;
  Node options_;
  Node options_heading_;
  Node reason_;
  Node availability_;
  Node option_live_, option_whatsapp_, option_callback_, option_email_;
  Node options_back_;
  Node form_;
  Node form_title_;
  Node unavailable_;
  Node name_, phone_, email_, slot_label_, slot_, consent_, consent_text_;
  Node day_label_, day_;
  Node message_label_, message_, copy_row_, copy_;
  Node error_;
  Node submit_;
  Node form_back_;
  std::optional<HandoffMode> filled_for_;
  std::string drawn_slots_;
  std::string drawn_days_;
};

}  // namespace baton::client
