#include "client/core/widget_view.hpp"

#include "client/core/update.hpp"

namespace baton::client {

WidgetView::WidgetView(Dom& dom, Lang language, const LocalTime& local_time, Branding branding)
    : dom_(dom), build_(dom), language_(language), branding_(std::move(branding)) {
  auto t = [language](Text which) { return text(language, which); };
  root_ = dom_.root();
  dom_.set_attribute(root_, "lang", to_string(language));
  dom_.set_attribute(root_, "dir", right_to_left(language) ? "rtl" : "ltr");
  announcer_ = build_.element(root_, "div", "announcer", {{"aria-live", "polite"}, {"role", "status"}});

  // The panel is drawn (and laid out) while closed, only invisible, so that
  // opening it costs a style change rather than a whole layout.
  // The site's own title and logo when it gave them (data-title, data-logo).
  std::string title = branding_.title.empty() ? std::string(t(Text::title)) : branding_.title;
  panel_ = build_.element(root_, "section", "panel",
                          {{"role", "dialog"}, {"aria-label", title}, {"data-open", "false"}});
  dom_.listen(panel_, DomEvent::escape);
  // A file dropped anywhere on the chat, or pasted into it, is attached.
  dom_.listen(panel_, DomEvent::files);
  // A div, not a <header>: inside the page that would be a second banner landmark.
  Node bar = build_.element(panel_, "div", "bar");
  if (!branding_.logo.empty()) {
    logo_ = build_.element(bar, "img", "logo",
                           {{"src", branding_.logo}, {"alt", ""}, {"width", "32"}, {"height", "32"}});
  }
  // The agent's picture in its place while they have the chat (the status line names them).
  agent_photo_ = build_.element(bar, "img", "agent-photo",
                                {{"alt", ""}, {"width", "32"}, {"height", "32"}, {"hidden", ""}});
  Node titles = build_.element(bar, "div", "titles");
  build_.element(titles, "h2", "title", {}, title);
  status_ = build_.element(titles, "p", "status");
  // How soon a person usually answers, in the site owner's words.
  reply_time_ = build_.element(titles, "p", "reply-time", {{"hidden", ""}}, branding_.reply_time);
  // Off by default: a toggle whose pressed state is the setting.
  sound_ = build_.element(
      bar, "button", "sound",
      {{"type", "button"}, {"aria-label", t(Text::sound)}, {"title", t(Text::sound)}, {"aria-pressed", "false"}});
  dom_.listen(sound_, DomEvent::click);
  close_ = build_.element(bar, "button", "close", {{"type", "button"}, {"aria-label", t(Text::close_chat)}}, "×");
  dom_.listen(close_, DomEvent::click);
  notice_ = build_.element(panel_, "p", "notice", {{"role", "status"}, {"hidden", ""}});

  messages_ = std::make_unique<MessageList>(build_, panel_, language, local_time);
  panels_ = std::make_unique<HandoffPanels>(build_, panel_, language);
  card_ = std::make_unique<HandoffCardView>(build_, panel_, language);

  survey_ = std::make_unique<SurveyView>(build_, panel_, language);
  ask_ = build_.element(panel_, "div", "ask");
  ask_button_ = build_.element(ask_, "button", "ask-person", {{"type", "button"}}, t(Text::talk_to_agent));
  dom_.listen(ask_button_, DomEvent::click);
  // Once the chat has ended: the visitor may start over without a message.
  new_chat_ = build_.element(ask_, "button", "new-chat", {{"type", "button"}, {"hidden", ""}}, t(Text::new_chat));
  dom_.listen(new_chat_, DomEvent::click);

  // Once the chat has ended: who reads what is written next. The text box
  // names it as its description, so a screen reader hears it there too.
  next_ = build_.element(panel_, "p", "next", {{"id", "baton-next"}, {"hidden", ""}});
  file_ = std::make_unique<PendingFileView>(build_, panel_, language);
  composer_ = build_.element(panel_, "form", "composer", {{"novalidate", ""}});
  dom_.listen(composer_, DomEvent::submit);
  attach_ = build_.element(composer_, "button", "attach",
                           {{"type", "button"}, {"aria-label", t(Text::attach_file)}, {"title", t(Text::attach_file)}});
  dom_.listen(attach_, DomEvent::click);
  // What the picker offers; the check that counts is on the file's bytes.
  file_input_ = build_.element(composer_, "input", {},
                               {{"type", "file"},
                                {"hidden", ""},
                                {"accept",
                                 "image/jpeg,image/png,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,audio/*,"
                                 "video/mp4,video/3gpp"}});
  input_ = build_.element(composer_, "textarea", {},
                          {{"aria-label", t(Text::message_label)},
                           {"placeholder", t(Text::placeholder)},
                           {"rows", "1"},
                           {"maxlength", "4000"}});
  dom_.listen(input_, DomEvent::enter);
  dom_.listen(input_, DomEvent::input);
  send_ = build_.element(composer_, "button", "send", {{"type", "submit"}}, t(Text::send));
  composer_error_ = build_.element(panel_, "p", "error", {{"role", "alert"}, {"hidden", ""}});
  delete_chat_ = std::make_unique<DeleteChatView>(build_, panel_, language);
  viewer_ = std::make_unique<PictureViewer>(build_, panel_, language);
}

std::string WidgetView::status_line(const Model& m) const {
  switch (m.state) {
    case SessionState::bot: return std::string(text(language_, Text::state_bot));
    case SessionState::waiting: {
      auto line = format(language_, Text::state_waiting, "agent", m.agent);
      if (!m.queue) return line;
      // "Waiting for Ana… · 2 ahead of you · usually about 3 min"
      line += " · ";
      line += m.queue->ahead == 0 ? std::string(text(language_, Text::queue_next))
                                  : format(language_, Text::queue_ahead, "n", std::to_string(m.queue->ahead));
      if (m.queue->typical_wait_s > 0) {
        line += " · " + format(language_, Text::typical_wait, "m", std::to_string((m.queue->typical_wait_s + 59) / 60));
      }
      return line;
    }
    case SessionState::live: return format(language_, Text::state_live, "agent", m.agent);
    case SessionState::ended:
      // The conversation goes on by phone: say so rather than "ended".
      if (m.card && m.card->mode == HandoffMode::callback) return std::string(text(language_, Text::call_booked));
      return std::string(text(language_, Text::state_ended));
  }
  return {};
}

void WidgetView::render(const Model& m) {
  dom_.set_attribute(panel_, "data-open", m.open ? "true" : "false");
  auto badge = m.unread == 0 ? std::string() : std::to_string(m.unread);
  auto badge_label = m.unread == 0 ? std::string() : format(language_, Text::unread, "n", badge);
  dom_.set_launcher(m.open, text(language_, m.open ? Text::close_chat : Text::open_chat), badge, badge_label);
  // A hidden tab shows what waits in its title.
  dom_.set_page_unread(m.visible ? 0 : m.unread);
  dom_.set_attribute(sound_, "aria-pressed", m.stored.reading.sound ? "true" : "false");

  dom_.set_text(status_, status_line(m));
  bool with_agent = (m.state == SessionState::waiting || m.state == SessionState::live) && !m.agent_photo.empty();
  if (with_agent && m.agent_photo != shown_photo_) {
    shown_photo_ = m.agent_photo;
    dom_.set_attribute(agent_photo_, "src", shown_photo_);
  }
  build_.show(agent_photo_, with_agent);
  if (logo_ != 0) build_.show(logo_, !with_agent);
  build_.show(reply_time_,
              !branding_.reply_time.empty() && (m.state == SessionState::bot || m.state == SessionState::ended));
  std::optional<Text> notice;
  if (m.storage_full) notice = Text::storage_full;
  else if (!m.online) notice = Text::offline;
  else if (m.slowed_down) notice = Text::slow_down;
  else if (m.deletion == Deletion::done) notice = Text::deleted;
  else if (m.session_unavailable) notice = Text::unavailable;
  else if (m.link == Link::waiting_retry && m.attempts > 1) notice = Text::connecting;
  dom_.set_text(notice_, notice ? text(language_, *notice) : std::string_view());
  build_.show(notice_, notice.has_value());

  messages_->render(m);
  panels_->render(m);
  card_->render(m);
  delete_chat_->render(m);
  survey_->render(m);
  bool chatting = m.panel == Panel::chat;
  // The choices and forms take the whole panel; the log is kept, not redrawn.
  build_.show(messages_->node(), chatting);
  // Back from them, the log shows its newest line (what a form just added
  // was appended while the log was hidden, and could not scroll then).
  if (chatting && !was_chatting_) dom_.scroll_to_end(messages_->node());
  was_chatting_ = chatting;
  // A booked call is the way on; its card offers to cancel it instead.
  bool call_booked = m.card && m.card->mode == HandoffMode::callback;
  build_.show(ask_, chatting && !call_booked && (m.state == SessionState::bot || m.state == SessionState::ended));
  build_.show(new_chat_, m.state == SessionState::ended && !call_booked);
  if (m.starting_new_chat) dom_.set_attribute(new_chat_, "disabled", "");
  else dom_.remove_attribute(new_chat_, "disabled");
  build_.show(composer_, chatting);
  // Only a person reads files: the paperclip is there while one has the chat.
  build_.show(attach_, takes_files(m));
  render_next(m, chatting);
  file_->render(m, chatting);
  viewer_->render(m);

  auto error = m.composer_error ? text(language_, *m.composer_error) : std::string_view(m.file_error);
  build_.show(composer_error_, !error.empty());
  dom_.set_text(composer_error_, error);
  if (m.composed != composed_) {
    composed_ = m.composed;
    dom_.set_value(input_, "");
  }
}

std::optional<Text> WidgetView::next_line(const Model& m) {
  if (m.state != SessionState::ended) return std::nullopt;
  if (m.card && m.card->mode == HandoffMode::callback) return Text::next_call_agent;
  return Text::next_new_conversation;
}

void WidgetView::render_next(const Model& m, bool chatting) {
  auto next = next_line(m);
  auto words = next ? format(language_, *next, "agent", m.agent) : std::string();
  if (words != shown_next_) {
    shown_next_ = words;
    dom_.set_text(next_, words);
    if (next) dom_.set_attribute(input_, "aria-describedby", "baton-next");
    else dom_.remove_attribute(input_, "aria-describedby");
    bool fresh_start = next == Text::next_new_conversation;
    dom_.set_attribute(input_, "placeholder",
                       text(language_, fresh_start ? Text::placeholder_new_conversation : Text::placeholder));
  }
  build_.show(next_, chatting && next.has_value());
}

std::optional<Action> WidgetView::action_for(Node node, DomEvent event) {
  if ((node == close_ && event == DomEvent::click) || (node == panel_ && event == DomEvent::escape)) {
    return action::Close{};
  }
  if ((node == composer_ && event == DomEvent::submit) || (node == input_ && event == DomEvent::enter)) {
    return action::Send{dom_.value(input_)};
  }
  if (node == input_ && event == DomEvent::input) return action::Typing{};
  if (node == attach_ && event == DomEvent::click) {
    dom_.pick_file(file_input_);
    return std::nullopt;
  }
  if (node == ask_button_ && event == DomEvent::click) return action::AskForPerson{};
  if (node == new_chat_ && event == DomEvent::click) return action::StartNewChat{};
  if (node == sound_ && event == DomEvent::click) return action::ToggleSound{};
  if (auto action = card_->action_for(node, event)) return action;
  if (auto action = delete_chat_->action_for(node, event)) return action;
  if (auto action = survey_->action_for(node, event)) return action;
  if (auto action = file_->action_for(node, event)) return action;
  if (auto action = viewer_->action_for(node, event)) return action;
  if (auto action = messages_->action_for(node, event)) return action;
  return panels_->action_for(node, event);
}

void WidgetView::focus(FocusTarget target) {
  switch (target) {
    case FocusTarget::composer: dom_.focus(input_); break;
    case FocusTarget::options: dom_.focus(panels_->options_heading()); break;
    case FocusTarget::form: dom_.focus(panels_->first_field()); break;
    case FocusTarget::launcher: dom_.focus_launcher(); break;
    case FocusTarget::keep_conversation: dom_.focus(delete_chat_->keep_button()); break;
    case FocusTarget::keep_call: dom_.focus(card_->keep_button()); break;
    case FocusTarget::viewer: dom_.focus(viewer_->close_button()); break;
    case FocusTarget::picture:
      if (Node button = messages_->picture_button(viewer_->last_shown())) dom_.focus(button);
      break;
  }
}

void WidgetView::announce(std::string_view message) { dom_.set_text(announcer_, message); }

}  // namespace baton::client
