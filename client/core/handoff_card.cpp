#include "client/core/handoff_card.hpp"

#include "client/core/handoff_state.hpp"
#include "common/placeholders.hpp"

namespace baton::client {

HandoffCardView::HandoffCardView(DomBuilder& build, Node parent, Lang language) : build_(build), language_(language) {
  auto& dom = build_.dom();
  auto t = [language](Text which) { return text(language, which); };
  card_ = build_.element(parent, "section", "handoff-card", {{"hidden", ""}, {"aria-live", "polite"}});
  title_ = build_.element(card_, "h3", "heading");
  text_ = build_.element(card_, "p", "card-text");
  link_ = build_.element(card_, "a", "primary whatsapp-link", {{"target", "_blank"}, {"rel", "noopener noreferrer"}},
                         t(Text::open_whatsapp));
  qr_row_ = build_.element(card_, "figure", "qr");
  qr_ = build_.element(qr_row_, "img", {}, {{"alt", t(Text::scan_qr)}, {"width", "132"}, {"height", "132"}});
  build_.element(qr_row_, "figcaption", {}, {}, t(Text::scan_qr));
  calendar_ = build_.element(card_, "a", "primary", {{"download", "call.ics"}}, t(Text::add_to_calendar));
  cancel_ = build_.element(card_, "button", "back cancel-call", {{"type", "button"}}, t(Text::cancel_call));
  dom.listen(cancel_, DomEvent::click);
  confirm_row_ = build_.element(card_, "div", "confirm-delete", {{"hidden", ""}});
  question_ = build_.element(confirm_row_, "p", "question");
  Node buttons = build_.element(confirm_row_, "div", "buttons");
  confirm_ = build_.element(buttons, "button", "danger", {{"type", "button"}}, t(Text::cancel_call_confirm));
  keep_ = build_.element(buttons, "button", "back", {{"type", "button"}}, t(Text::keep_call));
  dom.listen(confirm_, DomEvent::click);
  dom.listen(keep_, DomEvent::click);
  error_ = build_.element(card_, "p", "error", {{"role", "alert"}, {"hidden", ""}}, t(Text::cancel_failed));
}

void HandoffCardView::render(const Model& m) {
  auto& dom = build_.dom();
  bool visible = m.card.has_value() && m.panel == Panel::chat;
  build_.show(card_, visible);
  if (!visible) return;
  const auto& c = *m.card;
  bool whatsapp = c.mode == HandoffMode::whatsapp;
  if (whatsapp) {
    dom.set_text(title_, text(language_, Text::option_whatsapp));
    dom.set_text(text_, c.whatsapp_joined ? std::string(text(language_, Text::whatsapp_joined))
                                          : format(language_, Text::whatsapp_sent, "phone", c.whatsapp_phone));
    dom.set_attribute(link_, "href", c.whatsapp_link);
    dom.set_attribute(qr_, "src", c.whatsapp_qr);
  } else {
    dom.set_text(title_, text(language_, Text::call_booked));
    dom.set_text(text_,
                 fill_placeholders(text(language_, Text::call_when), {{"phone", c.call_phone}, {"when", c.call_when}}));
    if (drawn_ics_ != c.call_ics) {
      drawn_ics_ = c.call_ics;
      dom.set_attribute(calendar_, "href", calendar_data_url(c.call_ics));
    }
  }
  build_.show(link_, whatsapp && !c.whatsapp_link.empty());
  // Once the visitor wrote from WhatsApp, the code has done its work.
  build_.show(qr_row_, whatsapp && !c.whatsapp_joined && !c.whatsapp_qr.empty());
  build_.show(calendar_, !whatsapp && !c.call_ics.empty());
  build_.show(cancel_, !whatsapp && !c.confirming_cancel);
  build_.show(confirm_row_, !whatsapp && c.confirming_cancel);
  if (c.confirming_cancel) dom.set_text(question_, format(language_, Text::cancel_call_question, "when", c.call_when));
  if (c.cancelling) dom.set_attribute(cancel_, "disabled", "");
  else dom.remove_attribute(cancel_, "disabled");
  build_.show(error_, c.cancel_failed);
}

std::optional<Action> HandoffCardView::action_for(Node node, DomEvent event) const {
  if (event != DomEvent::click) return std::nullopt;
  if (node == cancel_) return action::CancelCall{};
  if (node == confirm_) return action::ConfirmCancelCall{};
  if (node == keep_) return action::KeepCall{};
  return std::nullopt;
}

}  // namespace baton::client
