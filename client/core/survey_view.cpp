#include "client/core/survey_view.hpp"

namespace baton::client {

SurveyView::SurveyView(DomBuilder& build, Node parent, Lang language) : build_(build) {
  box_ = build_.element(parent, "div", "survey",
                        {{"role", "group"}, {"aria-label", text(language, Text::rate_chat)}, {"hidden", ""}});
  Node row = build_.element(box_, "div", "scores");
  for (int score = 1; score <= 5; ++score) {
    auto digit = std::to_string(score);
    Node button = build_.element(row, "button", "score",
                                 {{"type", "button"}, {"aria-label", format(language, Text::rating_of, "n", digit)}},
                                 digit);
    build_.dom().listen(button, DomEvent::click);
    scores_[static_cast<std::size_t>(score - 1)] = button;
  }
  auto words = text(language, Text::rating_comment);
  comment_ = build_.element(box_, "input", "comment",
                            {{"type", "text"}, {"aria-label", words}, {"placeholder", words}, {"maxlength", "1000"}});
}

void SurveyView::render(const Model& m) {
  bool asking = !m.survey.empty() && m.state == SessionState::ended && m.panel == Panel::chat;
  build_.show(box_, asking);
  for (Node button : scores_) {
    if (m.rating) build_.dom().set_attribute(button, "disabled", "");
    else build_.dom().remove_attribute(button, "disabled");
  }
}

std::optional<Action> SurveyView::action_for(Node node, DomEvent event) const {
  if (event != DomEvent::click) return std::nullopt;
  for (std::size_t i = 0; i < scores_.size(); ++i) {
    if (node == scores_[i]) return action::Rate{static_cast<int>(i + 1), build_.dom().value(comment_)};
  }
  return std::nullopt;
}

}  // namespace baton::client
