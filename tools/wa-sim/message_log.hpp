#pragma once
// Everything that crossed the simulated network: messages the business
// sent (with their delivery state) and messages users sent, in one order so
// the phone page can show a conversation.

#include <boost/json/array.hpp>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tools/wa-sim/send_request.hpp"

namespace baton::sim {

// The business's view of a message, in the order Meta reports it.
enum class Delivery { accepted, sent, delivered, read, failed };

std::string_view to_string(Delivery delivery);

struct SentMessage {
  std::uint64_t seq = 0;
  std::string wamid;
  SendRequest request;
  std::string to;  // "+E164" or a business-scoped id
  std::int64_t accepted_ms = 0;
  bool window_open = false;  // at send time, for pricing
  Delivery status = Delivery::accepted;
  std::int64_t error_code = 0;
};

struct UserMessage {
  std::uint64_t seq = 0;
  std::string wamid;
  std::string from;  // "+E164" or a business-scoped id
  std::string name;
  std::string type;  // WhatsApp's type name
  std::string body;  // what the phone shows; a media message's caption
  std::string context_id;
  std::int64_t at_ms = 0;
  std::string media_id;  // a media message's file
  std::string mime_type;
  std::string filename;
  std::uint64_t file_size = 0;
  std::int64_t read_ms = 0;    // the business marked it (or a later one) read
  std::int64_t typing_ms = 0;  // the business showed "typing…" on it
  // The user changed it afterwards: `body` is the current text, and
  // `original_text` what it said before the first edit. A revoked message
  // keeps no text at all, as the phone shows only that it was deleted.
  bool edited = false;
  std::string original_text;
  bool revoked = false;
};

class MessageLog {
 public:
  SentMessage& add_sent(SentMessage message);
  void add_received(UserMessage message);

  SentMessage* find_sent(const std::string& wamid);
  // A message a user sent (not an edit or deletion of one), or null.
  const UserMessage* find_received(const std::string& wamid) const;
  // The user's edit or deletion `change` (type "edit" or "revoke", `body`
  // the new text) of their message `original_id`, which must exist. The
  // change's own wamid then names that message too, so the business can
  // mark it read.
  void apply_change(const std::string& original_id, const UserMessage& change);
  // POST /messages {"status":"read","message_id":…}: this user message and
  // the same user's earlier ones read, as WhatsApp does; false for an id no
  // user sent.
  bool mark_read(const std::string& wamid, bool typing, std::int64_t at_ms);

  // GET /sim/messages, oldest first; `to` limits it to those ids.
  boost::json::array sent_json(const std::vector<std::string>& to) const;
  // GET /sim/conversations: both directions with any of `keys`, in order.
  boost::json::array conversation_json(const std::vector<std::string>& keys) const;

  void reset();

 private:
  std::optional<std::string> body_of(const std::string& wamid) const;

  std::uint64_t next_seq_ = 1;
  std::deque<SentMessage> sent_;
  std::deque<UserMessage> received_;
  std::unordered_map<std::string, std::size_t> sent_index_;
  std::unordered_map<std::string, std::size_t> received_index_;
  std::unordered_map<std::string, std::size_t> change_index_;  // an edit's or revoke's wamid
};

}  // namespace baton::sim
