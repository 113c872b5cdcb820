#pragma once
// The whole widget drawn from the model: the panel (a dialog labelled with
// the title), its header with the chat's state, the message log, the handoff
// choices and forms, the composer, and the loader's launcher with its unread
// badge. Also maps DOM events back to actions.

#include <memory>
#include <optional>

#include "client/core/actions.hpp"
#include "client/core/branding.hpp"
#include "client/core/delete_chat_view.hpp"
#include "client/core/dom_builder.hpp"
#include "client/core/handoff_card.hpp"
#include "client/core/handoff_panels.hpp"
#include "client/core/message_list.hpp"
#include "client/core/model.hpp"
#include "client/core/pending_file_view.hpp"
#include "client/core/picture_viewer.hpp"
#include "client/core/survey_view.hpp"

namespace baton::client {

class WidgetView {
 public:
  WidgetView(Dom& dom, Lang language, const LocalTime& local_time, Branding branding = {});

  void render(const Model& model);
  std::optional<Action> action_for(Node node, DomEvent event);
  void focus(FocusTarget target);
  void announce(std::string_view text);

 private:
  std::string status_line(const Model& model) const;
  // What happens to the next message, once the chat has ended.
  static std::optional<Text> next_line(const Model& model);
  void render_next(const Model& model, bool chatting);

  Dom& dom_;
  DomBuilder build_;
  Lang language_;
  Node root_;
  Node announcer_;
  Node panel_;
  Node status_;
  Node reply_time_;
  Node logo_ = 0;  // 0 (the root, never a logo): the site gave none
  Node agent_photo_;
  std::string shown_photo_;
  Branding branding_;
  Node sound_;
  Node close_;
  Node notice_;
  std::unique_ptr<MessageList> messages_;
  std::unique_ptr<HandoffPanels> panels_;
  std::unique_ptr<HandoffCardView> card_;
  std::unique_ptr<DeleteChatView> delete_chat_;
  std::unique_ptr<SurveyView> survey_;
  std::unique_ptr<PendingFileView> file_;
  std::unique_ptr<PictureViewer> viewer_;
  Node ask_;
  Node ask_button_;
  Node new_chat_;
  Node next_;
  std::string shown_next_;
  Node composer_;
  Node attach_;
  Node file_input_;
  Node input_;
  Node send_;
  Node composer_error_;
  std::uint32_t composed_ = 0;  // messages sent from the text box, as far as it was emptied
  bool was_chatting_ = true;
};

}  // namespace baton::client
