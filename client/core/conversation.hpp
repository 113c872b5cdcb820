#pragma once
// What the message list shows: the session's log as the relay sent it, in
// sequence order, followed by the visitor's messages still waiting to be
// acknowledged. A queued message turns into the stored one, in place and
// under the same key, when the relay's copy arrives.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/core/stored_state.hpp"
#include "common/protocol/message.hpp"

namespace baton::client {

struct Entry {
  // Stable for the entry's whole life: the client id of the visitor's own
  // messages (queued or stored), the message id of everything else.
  std::string key;
  std::string id;  // the relay's message id; empty while queued
  std::string cid;
  std::uint64_t seq = 0;  // 0 while queued
  Author author = Author::visitor;
  std::string author_name;
  MessageKind kind = MessageKind::text;
  std::string text;
  MessageStatus status = MessageStatus::queued;
  std::int64_t ts_ms = 0;
  bool failed_locally = false;  // refused by the relay before it was stored
  // The emoji someone reacted to it with, and the reaction message that
  // set it (a reaction is shown on its message, not as a line of its own).
  std::string reaction;
  std::string reaction_id;
  TimeInText time;        // a call's time inside `text`, said again in the visitor's words
  Attachment attachment;  // the file it carries; `text` is then its caption
  bool edited = false;    // its author changed it on WhatsApp (kind deleted: they deleted it)
};

class Conversation {
 public:
  // Adds or updates a stored message; false if it was already shown.
  bool apply(const Message& message);
  // A delivery status moved forward.
  void apply(const StatusChange& change);
  void add_queued(const QueuedMessage& queued);
  void mark_refused(const std::string& cid);

  const std::vector<Entry>& entries() const { return entries_; }
  std::uint64_t last_seq() const { return last_seq_; }
  // The highest sequence number of any log entry seen, statuses included.
  void note_seq(std::uint64_t seq) { last_seq_ = std::max(last_seq_, seq); }

 private:
  Entry* find_id(const std::string& id);
  Entry* find_cid(const std::string& cid);
  bool revise(const Message& revision);
  void place(std::size_t index);

  std::vector<Entry> entries_;
  std::uint64_t last_seq_ = 0;
};

}  // namespace baton::client
