#include "client/core/handoff_panels.hpp"

#include "client/core/handoff_words.hpp"

namespace baton::client {

HandoffPanels::HandoffPanels(DomBuilder& build, Node parent, Lang language) : build_(build), language_(language) {
  auto& dom = build_.dom();
  auto t = [language](Text which) { return text(language, which); };

  options_ = build_.element(parent, "div", "options", {{"hidden", ""}});
  // Focusable by script only, so a screen reader starts at the question.
  options_heading_ = build_.element(options_, "h3", "heading", {{"tabindex", "-1"}}, t(Text::options_title));
  reason_ = build_.element(options_, "p", "reason", {{"hidden", ""}});
  availability_ = build_.element(options_, "p", "availability", {{"role", "status"}});
  auto option = [&](HandoffMode mode, Text detail) {
    Node button = build_.element(options_, "button", "option", {{"type", "button"}});
    build_.element(button, "strong", {}, {}, t(option_text(mode)));
    build_.element(button, "span", "detail", {}, t(detail));
    // Named by all it shows, title and detail: a shorter aria-label would
    // hide from speech-input users the words they see (WCAG 2.5.3).
    dom.listen(button, DomEvent::click);
    return button;
  };
  option_live_ = option(HandoffMode::live, Text::option_live_detail);
  option_whatsapp_ = option(HandoffMode::whatsapp, Text::option_whatsapp_detail);
  option_callback_ = option(HandoffMode::callback, Text::option_callback_detail);
  option_email_ = option(HandoffMode::email, Text::option_email_detail);
  options_back_ = build_.element(options_, "button", "back", {{"type", "button"}}, t(Text::back));
  dom.listen(options_back_, DomEvent::click);

  form_ = build_.element(parent, "form", "handoff-form", {{"hidden", ""}, {"novalidate", ""}});
  dom.listen(form_, DomEvent::submit);
  form_title_ = build_.element(form_, "h3", "heading");
  unavailable_ = build_.element(form_, "p", "note", {{"hidden", ""}}, t(Text::option_unavailable));
  auto field = [&](Text label, std::string_view type, std::string_view autocomplete) {
    Node wrapper = build_.element(form_, "label", "field");
    build_.element(wrapper, "span", {}, {}, t(label));
    return build_.element(wrapper, "input", {}, {{"type", type}, {"autocomplete", autocomplete}});
  };
  name_ = field(Text::name, "text", "name");
  dom.set_attribute(name_, "maxlength", "120");
  phone_ = field(Text::phone, "tel", "tel");
  dom.set_attribute(phone_, "placeholder", t(Text::phone_hint));
  email_ = field(Text::email, "email", "email");
  // A call: the day first, then that day's times (a week of half hours in
  // one list was hundreds of lines).
  day_label_ = build_.element(form_, "label", "field", {{"hidden", ""}});
  build_.element(day_label_, "span", {}, {}, t(Text::call_day));
  day_ = build_.element(day_label_, "select");
  dom.listen(day_, DomEvent::input);
  slot_label_ = build_.element(form_, "label", "field", {{"hidden", ""}});
  build_.element(slot_label_, "span", {}, {}, t(Text::slot));
  slot_ = build_.element(slot_label_, "select");
  message_label_ = build_.element(form_, "label", "field", {{"hidden", ""}});
  build_.element(message_label_, "span", {}, {}, t(Text::your_message));
  message_ = build_.element(message_label_, "textarea", {}, {{"rows", "3"}, {"maxlength", "4000"}});
  copy_row_ = build_.element(form_, "label", "consent", {{"hidden", ""}});
  copy_ = build_.element(copy_row_, "input", {}, {{"type", "checkbox"}});
  build_.element(copy_row_, "span", {}, {}, t(Text::send_me_copy));
  Node consent_row = build_.element(form_, "label", "consent");
  consent_ = build_.element(consent_row, "input", {}, {{"type", "checkbox"}});
  consent_text_ = build_.element(consent_row, "span");
  error_ = build_.element(form_, "p", "error", {{"role", "alert"}, {"hidden", ""}});
  submit_ = build_.element(form_, "button", "primary", {{"type", "submit"}});
  form_back_ = build_.element(form_, "button", "back", {{"type", "button"}}, t(Text::back));
  dom.listen(form_back_, DomEvent::click);
}

void HandoffPanels::fill_form(const Model& model) {
  auto& dom = build_.dom();
  const auto& f = model.form.fields;
  dom.set_value(name_, f.name);
  dom.set_value(phone_, f.phone);
  dom.set_value(email_, f.email);
  dom.set_value(message_, f.message);
  dom.set_checked(copy_, f.copy_to_visitor);
  dom.set_checked(consent_, f.consent);
}

// The days with free times, then the chosen day's times; each list is
// redrawn only when it changes, and a choice still offered stays selected.
void HandoffPanels::fill_slots(const Model& model) {
  auto& dom = build_.dom();
  const auto& slots = model.slots;
  std::vector<std::string> days;
  for (const auto& c : slots.choices) {
    if (days.empty() || days.back() != c.day) days.push_back(c.day);
  }
  std::string day_key;
  for (const auto& day : days) day_key += day + "|";
  if (day_key != drawn_days_) {
    drawn_days_ = day_key;
    dom.clear(day_);
    for (const auto& day : days) build_.element(day_, "option", {}, {{"value", day}}, day);
  }
  dom.set_value(day_, model.form.slot_day);

  std::string key = slots.loading ? "loading" : model.form.slot_day;
  for (const auto& c : slots.choices) key += c.day == model.form.slot_day ? "|" + c.start : "";
  if (key == drawn_slots_) return;
  drawn_slots_ = key;
  auto keep = dom.value(slot_);
  if (keep.empty()) keep = model.form.fields.slot;
  dom.clear(slot_);
  Text first = slots.loading ? Text::slots_loading : slots.choices.empty() ? Text::no_slots : Text::choose_time;
  build_.element(slot_, "option", {}, {{"value", ""}}, text(language_, first));
  for (const auto& c : slots.choices) {
    if (c.day == model.form.slot_day) build_.element(slot_, "option", {}, {{"value", c.start}}, c.time);
  }
  dom.set_value(slot_, keep);
}

void HandoffPanels::render(const Model& model) {
  auto& dom = build_.dom();
  bool options = model.panel == Panel::options;
  bool form = model.panel == Panel::form;
  build_.show(options_, options);
  build_.show(form_, form);

  if (options) {
    dom.set_text(reason_, model.options_reason);
    build_.show(reason_, !model.options_reason.empty());
    const auto& a = model.availability;
    // Nobody online but live chat offered: an agent will be reached on
    // WhatsApp and answer later; say so rather than promise "now".
    dom.set_text(availability_, !a.known   ? std::string()
                                : a.online ? format(language_, Text::agents_online, "n", std::to_string(a.agents))
                                : a.offers(HandoffMode::live) ? std::string(text(language_, Text::agents_notified))
                                                              : std::string(text(language_, Text::agents_offline)));
    for (auto [mode, button] :
         {std::pair{HandoffMode::live, option_live_}, std::pair{HandoffMode::whatsapp, option_whatsapp_},
          std::pair{HandoffMode::callback, option_callback_}}) {
      dom.set_attribute(button, "data-offered", a.offers(mode) ? "yes" : "no");
    }
    // Leaving a message is the fallback: shown only when it is offered.
    build_.show(option_email_, a.offers(HandoffMode::email));
    // Someone already waiting is not offered to wait.
    build_.show(option_live_, model.state != SessionState::waiting);
  }
  if (!form) {
    filled_for_.reset();
    return;
  }
  auto mode = model.form.mode;
  if (filled_for_ != mode) {
    filled_for_ = mode;
    fill_form(model);
  }
  dom.set_text(form_title_, text(language_, option_text(mode)));
  dom.set_text(consent_text_, text(language_, consent_text(mode)));
  dom.set_text(submit_, text(language_, submit_text(mode)));
  build_.show(slot_label_, mode == HandoffMode::callback);
  build_.show(day_label_, mode == HandoffMode::callback && !model.slots.choices.empty());
  if (mode == HandoffMode::callback) fill_slots(model);
  build_.show(message_label_, mode == HandoffMode::email);
  build_.show(copy_row_, mode == HandoffMode::email);
  bool offered = model.availability.offers(mode);
  build_.show(unavailable_, !offered);
  if (offered && !model.form.sending) dom.remove_attribute(submit_, "disabled");
  else dom.set_attribute(submit_, "disabled", "");
  bool phone_needed = mode == HandoffMode::whatsapp || mode == HandoffMode::callback;
  if (phone_needed) dom.set_attribute(phone_, "required", "");
  else dom.remove_attribute(phone_, "required");
  if (mode == HandoffMode::email) dom.set_attribute(email_, "required", "");
  else dom.remove_attribute(email_, "required");

  std::string error = model.form.server_error;
  if (error.empty() && model.form.error) error = text(language_, *model.form.error);
  dom.set_text(error_, error);
  build_.show(error_, !error.empty());
  if (!error.empty()) dom.set_attribute(form_, "aria-invalid", "true");
  else dom.remove_attribute(form_, "aria-invalid");
}

FormFields HandoffPanels::typed_fields() {
  auto& dom = build_.dom();
  return FormFields{dom.value(name_), dom.value(email_),   dom.value(phone_), dom.checked(consent_),
                    dom.value(slot_), dom.value(message_), dom.checked(copy_)};
}

std::optional<Action> HandoffPanels::action_for(Node node, DomEvent event) {
  auto& dom = build_.dom();
  if (event == DomEvent::click) {
    if (node == option_live_) return action::Choose{HandoffMode::live};
    if (node == option_whatsapp_) return action::Choose{HandoffMode::whatsapp};
    if (node == option_callback_) return action::Choose{HandoffMode::callback};
    if (node == option_email_) return action::Choose{HandoffMode::email};
    if (node == options_back_) return action::Back{};
    if (node == form_back_) return action::Back{typed_fields()};
  }
  if (event == DomEvent::input && node == day_) return action::ChooseDay{dom.value(day_)};
  if (event == DomEvent::submit && node == form_) return action::Submit{typed_fields()};
  return std::nullopt;
}

}  // namespace baton::client
