#pragma once
// The conversation as an ordered list (role="log", so new entries are read out
// politely). Entries are keyed: an update changes only what changed, and a
// queued message becomes its stored self in place.

#include <map>
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

 private:
  struct Rendered {
    Node item = 0;
    Node tick = 0;
    std::string signature;     // what it was drawn from
    std::string when;          // its time's words, worked out once a minute
    std::int64_t when_ts = 0;  // the time they were worked out for
  };
  void draw(const Entry& entry, Rendered& rendered);
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
  std::map<std::string, Rendered> rendered_;
  std::vector<std::string> order_;
  Node draft_ = 0;
  std::string draft_drawn_;
  // The minute the times' words were last worked out in: within a minute
  // only new entries need theirs (each asks the browser's Intl).
  std::int64_t labels_minute_ = -1;  // the text it shows; "\x01" for the typing dots
};

}  // namespace baton::client
