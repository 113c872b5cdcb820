#include "client/core/message_list.hpp"

#include <algorithm>
#include <set>

#include "client/core/attachment_view.hpp"
#include "client/core/contact_card.hpp"
#include "client/core/message_format.hpp"
#include "client/core/place_view.hpp"
#include "common/time_format.hpp"

namespace baton::client {
namespace {

std::string_view author_class(Author author) {
  switch (author) {
    case Author::visitor: return "entry visitor";
    case Author::bot: return "entry bot";
    case Author::agent: return "entry agent";
    case Author::system: return "entry system";
  }
  return "entry";
}

Text status_text(MessageStatus status) {
  switch (status) {
    case MessageStatus::queued: return Text::status_queued;
    case MessageStatus::sent: return Text::status_sent;
    case MessageStatus::delivered: return Text::status_delivered;
    case MessageStatus::read: return Text::status_read;
    case MessageStatus::failed: return Text::status_failed;
  }
  return Text::status_sent;
}

// Drawn by the stylesheet (a clock, one tick, two ticks, two filled ticks
// on a disc, an exclamation mark), so no emoji font is needed.
std::string_view status_class(MessageStatus status) {
  switch (status) {
    case MessageStatus::queued: return "tick queued";
    case MessageStatus::sent: return "tick sent";
    case MessageStatus::delivered: return "tick delivered";
    case MessageStatus::read: return "tick read";
    case MessageStatus::failed: return "tick failed";
  }
  return "tick";
}

}  // namespace

MessageList::MessageList(DomBuilder& build, Node parent, Lang language, const LocalTime& local_time)
    : build_(build), language_(language), local_time_(local_time) {
  // The log is the scrolling region; the list inside keeps its list
  // semantics (a role on the <ol> itself would take them away).
  // Focusable, so a keyboard can scroll back through a long conversation.
  scroller_ = build_.element(parent, "div", "log",
                             {{"role", "log"}, {"aria-label", text(language, Text::title)}, {"tabindex", "0"}});
  list_ = build_.element(scroller_, "ol", "entries");
  parking_ = build_.element(scroller_, "div", {}, {{"hidden", ""}});
}

std::string MessageList::system_text(const Entry& entry) const {
  switch (entry.kind) {
    case MessageKind::agent_joined: return format(language_, Text::agent_joined, "agent", entry.author_name);
    case MessageKind::agent_left: return format(language_, Text::agent_left, "agent", entry.author_name);
    case MessageKind::handoff_requested: return format(language_, Text::handoff_requested, "agent", entry.author_name);
    default: break;
  }
  // The relay wrote a call's time in its own words; say it as the card and
  // the picker do, through the browser's Intl in the visitor's language.
  const auto& time = entry.time;
  if (time.size == 0 || time.at > entry.text.size() || time.size > entry.text.size() - time.at) return entry.text;
  auto tag = to_string(language_);
  return entry.text.substr(0, time.at) + local_time_.day_time(time.from_ms, tag) + "–" +
         local_time_.time(time.to_ms, tag) + entry.text.substr(time.at + time.size);
}

std::string MessageList::when(std::int64_t ts_ms, std::int64_t now_ms) const {
  auto tag = to_string(language_);
  auto minutes = (now_ms - ts_ms) / 60'000;
  if (minutes >= 0 && minutes < 60) return local_time_.minutes_ago(minutes, tag);
  if (local_time_.same_day(ts_ms, now_ms)) return local_time_.time(ts_ms, tag);
  return local_time_.day_time(ts_ms, tag);
}

// The file's element, kept from the last drawing when it shows the same
// file (it waited in the parking meanwhile), else drawn anew.
void MessageList::draw_file(const Entry& entry, Rendered& rendered, const std::optional<SessionKeys>& session) {
  auto& dom = build_.dom();
  if (entry.attachment.empty() || !session) {
    rendered.file = 0;
  } else if (rendered.file != 0 && rendered.attachment.id == entry.attachment.id) {
    dom.append(rendered.item, rendered.file);
  } else {
    rendered.attachment = entry.attachment;
    rendered.file = draw_attachment(build_, rendered.item, language_, entry.attachment,
                                    attachment_path(session->id, entry.attachment.id), session->token);
  }
  dom.clear(parking_);
}

void MessageList::draw_text(Node item, std::string_view words) {
  auto& dom = build_.dom();
  Node body = build_.element(item, "p", "text");
  for (const auto& run : format_message(words)) {
    if (run.link) {
      build_.element(body, "a", {}, {{"href", run.text}, {"target", "_blank"}, {"rel", "noopener noreferrer"}},
                     run.text);
      continue;
    }
    // WhatsApp's styles as elements around a text node, outermost first.
    Node parent = body;
    for (auto [bit, tag] : {std::pair{style_bold, "strong"}, std::pair{style_italic, "em"},
                            std::pair{style_strike, "s"}, std::pair{style_mono, "code"}}) {
      if (run.style & bit) parent = build_.element(parent, tag);
    }
    dom.append(parent, dom.create_text(run.text));
  }
}

void MessageList::draw(const Entry& entry, Rendered& rendered, const std::optional<SessionKeys>& session) {
  auto& dom = build_.dom();
  if (rendered.file != 0) dom.append(parking_, rendered.file);
  dom.clear(rendered.item);
  dom.set_attribute(rendered.item, "class", author_class(entry.author));
  // Each message reads in its own direction: English in an Arabic widget
  // and Arabic in an English one both keep their punctuation in place.
  dom.set_attribute(rendered.item, "dir", "auto");
  if (entry.author == Author::system) {
    rendered.file = 0;
    dom.clear(parking_);
    dom.set_text(rendered.item, system_text(entry));
    return;
  }
  if (entry.author != Author::visitor) {
    auto who = entry.author_name.empty() ? text(language_, entry.author == Author::bot ? Text::assistant : Text::agent)
                                         : std::string_view(entry.author_name);
    build_.element(rendered.item, "span", "who", {}, who);
  }
  draw_file(entry, rendered, session);
  if (entry.kind == MessageKind::deleted) {
    build_.element(rendered.item, "p", "text deleted", {}, text(language_, Text::message_deleted));
  } else if (entry.kind == MessageKind::contacts) {
    draw_contact_card(build_, rendered.item, language_, entry.text);
  } else if (entry.kind == MessageKind::location) {
    draw_place(build_, rendered.item, language_, entry.text);
  } else if (!entry.text.empty() || entry.attachment.empty()) {
    // With a file, the text is its caption, and may be empty.
    draw_text(rendered.item, entry.text);
  }
  if (entry.edited && entry.kind != MessageKind::deleted) {
    build_.element(rendered.item, "span", "edited", {}, text(language_, Text::edited));
  }
  // When it was written: short and relative, the whole date on hover.
  if (entry.ts_ms > 0) {
    auto tag = to_string(language_);
    build_.element(rendered.item, "time", "when",
                   {{"datetime", format_rfc3339(entry.ts_ms)}, {"title", local_time_.full(entry.ts_ms, tag)}},
                   rendered.when);
  }
  if (!entry.reaction.empty()) {
    auto label = format(language_, Text::reaction_label, "emoji", entry.reaction);
    build_.element(rendered.item, "span", "reaction", {{"role", "img"}, {"aria-label", label}, {"title", label}},
                   entry.reaction);
  }
  if (entry.author == Author::visitor) {
    auto label = text(language_, status_text(entry.status));
    rendered.tick = build_.element(rendered.item, "span", status_class(entry.status),
                                   {{"role", "img"}, {"aria-label", label}, {"title", label}});
  }
}

void MessageList::render(const Model& model) {
  auto& dom = build_.dom();
  const auto& entries = model.conversation.entries();
  std::vector<std::string> keys;
  keys.reserve(entries.size());
  for (const auto& entry : entries) keys.push_back(entry.key);
  // Entries are only ever added, except when the conversation starts over.
  std::set<std::string_view> present(keys.begin(), keys.end());
  if (!std::all_of(order_.begin(), order_.end(), [&](const std::string& k) { return present.contains(k); })) {
    dom.clear(list_);  // frees every child's handle, the draft's too
    rendered_.clear();
    order_.clear();
    draft_ = 0;
    draft_drawn_.clear();
  }
  // Keys are stable, so an entry is drawn once and redrawn only when it
  // changes. `order_` follows the items as they stand in the list.
  bool appended = false;
  bool news = false;  // something after the history this page replayed
  auto minute = model.now_ms / 60'000;
  bool new_minute = minute != labels_minute_;
  labels_minute_ = minute;
  for (const auto& entry : entries) {
    auto [it, inserted] = rendered_.try_emplace(entry.key);
    if (inserted) {
      it->second.item = build_.element(list_, "li");
      order_.push_back(entry.key);
      appended = true;
      news = news || entry.seq == 0 || entry.seq > model.joined_at_seq;
    }
    // The time's words change as it ages ("now", "1 min ago", …).
    auto& rendered = it->second;
    if (entry.ts_ms > 0 && (new_minute || rendered.when_ts != entry.ts_ms)) {
      rendered.when = when(entry.ts_ms, model.now_ms);
      rendered.when_ts = entry.ts_ms;
    }
    std::string signature = std::to_string(static_cast<int>(entry.status)) + "|" + entry.reaction + "|" +
                            rendered.when + "|" + std::to_string(static_cast<int>(entry.kind)) +
                            (entry.edited ? "|edited|" : "|") + entry.text;
    if (rendered.signature != signature) {
      rendered.signature = signature;
      draw(entry, rendered, model.stored.session);
    }
  }
  // A queued message stored behind messages that arrived meanwhile moves up:
  // the existing items are moved, not rebuilt.
  if (order_ != keys) {
    for (const auto& key : keys) dom.append(list_, rendered_[key].item);
    order_ = std::move(keys);
  }
  render_draft(model, appended);
  // History stays where the visitor left it on the previous page; news shows.
  if (appended) news ? dom.scroll_to_end(scroller_) : dom.scroll_to_kept(scroller_);
}

std::optional<Action> MessageList::action_for(Node node, DomEvent event) const {
  if (event != DomEvent::click) return std::nullopt;
  for (const auto& [key, rendered] : rendered_) {
    if (rendered.file == node && is_picture(rendered.attachment.kind)) return action::Enlarge{rendered.attachment.id};
  }
  return std::nullopt;
}

Node MessageList::picture_button(const std::string& attachment_id) const {
  for (const auto& [key, rendered] : rendered_) {
    if (rendered.file != 0 && rendered.attachment.id == attachment_id) return rendered.file;
  }
  return 0;
}

void MessageList::render_draft(const Model& model, bool moved) {
  auto& dom = build_.dom();
  if (!model.draft) {
    if (draft_ != 0) build_.show(draft_, false);
    draft_drawn_.clear();
    return;
  }
  // The log announces new items; the words of a draft would be read out one
  // by one, so the draft is hidden from assistive technology and the stored
  // message that replaces it is announced once.
  bool created = draft_ == 0;
  if (created) {
    draft_ = build_.element(list_, "li", "entry bot draft", {{"aria-hidden", "true"}});
  } else if (moved) {
    dom.append(list_, draft_);  // back to the end, below what was just added
  }
  build_.show(draft_, true);
  const std::string& words = model.draft->text;
  std::string drawn = words.empty() ? std::string("\x01") : words;
  if (drawn == draft_drawn_) return;
  draft_drawn_ = drawn;
  dom.clear(draft_);
  auto who = text(language_, Text::assistant);
  if (words.empty()) {
    build_.element(draft_, "span", "typing", {{"title", format(language_, Text::typing, "name", who)}}, "");
    for (int i = 0; i < 3; ++i) build_.element(draft_, "span", "dot");
  } else {
    build_.element(draft_, "span", "who", {}, who);
    build_.element(draft_, "p", "text", {}, words);
  }
  dom.scroll_to_end(scroller_);
}

}  // namespace baton::client
