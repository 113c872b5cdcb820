#include "client/core/conversation.hpp"

#include <algorithm>

namespace baton::client {

Entry* Conversation::find_id(const std::string& id) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.id == id; });
  return it == entries_.end() ? nullptr : &*it;
}

Entry* Conversation::find_cid(const std::string& cid) {
  if (cid.empty()) return nullptr;
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.cid == cid; });
  return it == entries_.end() ? nullptr : &*it;
}

bool Conversation::apply(const Message& message) {
  note_seq(message.seq);
  if (find_id(message.id)) return false;
  // An edit or a deletion changes the line it is about and is no line of
  // its own; about a line not shown here, it changes nothing.
  if (!says_something(message.kind) && !message.about.empty()) return revise(message);
  // A reaction to a message shown here goes on it; "" takes it back.
  if (message.kind == MessageKind::reaction && !message.about.empty()) {
    if (auto* target = find_id(message.about)) {
      if (target->reaction_id == message.id) return false;
      target->reaction = message.text;
      target->reaction_id = message.id;
      return true;
    }
  }
  Entry entry{message.cid.empty() ? message.id : message.cid,
              message.id,
              message.cid,
              message.seq,
              message.author,
              message.author_name,
              message.kind,
              message.text,
              message.status,
              message.ts_ms,
              false,
              {},
              {},
              message.time,
              message.attachment};
  std::size_t index = entries_.size();
  if (auto* queued = find_cid(message.cid)) {
    *queued = entry;
    index = static_cast<std::size_t>(queued - entries_.data());
  } else {
    entries_.push_back(entry);
  }
  place(index);
  return true;
}

bool Conversation::revise(const Message& revision) {
  auto* target = find_id(revision.about);
  if (!target || target->kind == MessageKind::deleted) return false;
  if (revision.kind == MessageKind::deleted) {
    target->kind = MessageKind::deleted;
    target->text.clear();
    target->attachment = {};
    target->reaction.clear();
    target->reaction_id.clear();
    return true;
  }
  if (target->edited && target->text == revision.text) return false;
  target->text = revision.text;
  target->time = {};  // the new words hold no time the relay marked
  target->edited = true;
  return true;
}

// Stored entries in seq order; queued ones (seq 0) stay last, in the order
// they were typed. Only the entry at `index` can be out of place, so it is
// moved rather than the whole log sorted (which also keeps a sort's code out
// of the widget).
void Conversation::place(std::size_t index) {
  Entry moved = std::move(entries_[index]);
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(index));
  auto at = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return moved.seq != 0 && (e.seq == 0 || e.seq > moved.seq); });
  entries_.insert(at, std::move(moved));
}

void Conversation::apply(const StatusChange& change) {
  note_seq(change.seq);
  if (auto* entry = find_id(change.message_id); entry && status_advances(entry->status, change.status)) {
    entry->status = change.status;
  }
}

void Conversation::add_queued(const QueuedMessage& queued) {
  if (find_cid(queued.cid)) return;
  Entry entry;
  entry.key = queued.cid;
  entry.cid = queued.cid;
  entry.author = Author::visitor;
  entry.text = queued.text;
  entry.status = MessageStatus::queued;
  entry.ts_ms = queued.typed_ms;
  entry.attachment = queued.attachment;
  // Queued lines show in the order they will be sent, which is the order
  // they were typed: a line merged from another tab may go above one typed
  // here (merge_outboxes orders the outbox the same way).
  auto at = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return e.seq == 0 && e.ts_ms > entry.ts_ms; });
  entries_.insert(at, std::move(entry));
}

void Conversation::mark_refused(const std::string& cid) {
  if (auto* entry = find_cid(cid); entry && entry->seq == 0) {
    entry->status = MessageStatus::failed;
    entry->failed_locally = true;
  }
}

}  // namespace baton::client
