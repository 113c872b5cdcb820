#pragma once
// The conversation as an ordered list (role="log", so new entries are read out
// politely). Entries are keyed: an update changes only what changed, and a
// queued message becomes its stored self in place.

#include <map>
#include <optional>
#include <string>

#include "client/core/dom_builder.hpp"
#include "client/core/local_time.hpp"
#include "client/core/model.hpp"

namespace baton::client {

class MessageList {
 public:
  MessageList(DomBuilder& build, Node parent, Lang language, const LocalTime& local_time);
  void render(const Model& model);
  Node node() const { return scroller_; }
  // A click on a picture enlarges it.
  std::optional<Action> action_for(Node node, DomEvent event) const;
  // The button of the picture with this attachment id (0: not shown).
  Node picture_button(const std::string& attachment_id) const;

 private:
  struct Rendered {
    Node item = 0;
    Node tick = 0;
    std::string signature;     // what it was drawn from
    std::string when;          // its time's words, worked out once a minute
    std::int64_t when_ts = 0;  // the time they were worked out for
    // The file's element, drawn once: a redraw (a tick, the time's words)
    // moves it rather than rebuilding it, so a playing video plays on.
    Node file = 0;
    Attachment attachment;
  };
  void draw(const Entry& entry, Rendered& rendered, const std::optional<SessionKeys>& session);
  void draw_file(const Entry& entry, Rendered& rendered, const std::optional<SessionKeys>& session);
  // Text as text: links and WhatsApp's styles become elements around text nodes.
  void draw_text(Node item, std::string_view words);
  // "now", "5 min ago", "14:05" today, "Fri 27 Nov, 14:05" before.
  std::string when(std::int64_t ts_ms, std::int64_t now_ms) const;
  // The assistant's reply being written, kept as the last item.
  void render_draft(const Model& model, bool moved);
  std::string system_text(const Entry& entry) const;

  DomBuilder& build_;
  Lang language_;
  const LocalTime& local_time_;
  Node scroller_;
  Node list_;
  Node parking_;  // hidden: where a file's element waits while its entry is redrawn
  std::map<std::string, Rendered> rendered_;
  std::vector<std::string> order_;
  Node draft_ = 0;
  std::string draft_drawn_;
  // The minute the times' words were last worked out in: within a minute
  // only new entries need theirs (each asks the browser's Intl).
  std::int64_t labels_minute_ = -1;  // the text it shows; "\x01" for the typing dots
};

}  // namespace baton::client
