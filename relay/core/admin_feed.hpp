#pragma once
// The admin event stream's source (GET /v1/admin/ws, docs/console.md). The
// layers report here what they have just done, at the point where they do
// it: the conversation hub after a commit, the outbox worker after a Cloud
// API call, the webhook endpoint after a POST. Nothing is counted twice: an
// event is the moment itself, not a record kept beside it.
//
// Each event is one JSON object, encoded once and shared by every open
// console. The newest `journal_limit` events are also kept, so that
// /v1/admin/trace can follow a message through the stages it went through
// lately. Message texts, tokens and phone numbers never enter an event;
// numbers appear masked (masked_phone).
//
// In a cluster each event also names the relay it happened on ("relay"),
// and the hub hands events to the consoles open on the other relays
// (docs/cluster.md, "The console").

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "relay/core/json_writer.hpp"
#include "relay/core/ring_buffer.hpp"

namespace baton {

using FeedLine = std::shared_ptr<const std::string>;

class FeedListener {
 public:
  virtual ~FeedListener() = default;
  // Must not block: queue the line or drop the listener.
  virtual void on_feed(const FeedLine& line) = 0;
};

class AdminFeed {
 public:
  static constexpr std::size_t journal_limit = 20000;

  // Adds `type`, `t` (Unix ms) and `session` (if any) to `fields`, then
  // hands the line to every listener and to the journal.
  void emit(std::string_view type, std::string_view session_id, JsonWriter fields, std::int64_t now_ms);
  void emit(std::string_view type, std::string_view session_id, const boost::json::object& fields,
            std::int64_t now_ms) {
    emit(type, session_id, JsonWriter(fields), now_ms);
  }

  // An event another relay of the cluster emitted: to this relay's consoles
  // only. The journal (and so /v1/admin/trace) keeps this relay's own.
  void forward(const FeedLine& line);

  // In a cluster: this relay's name, put in every event, and what is told
  // of every event emitted here (the hub, which passes it on). Both are set
  // at start, before any event is emitted, and are not locked.
  void set_origin(std::string relay_name);
  using Tap = std::function<void(std::string_view type, const FeedLine& line)>;
  void set_tap(Tap tap);

  void subscribe(const std::shared_ptr<FeedListener>& listener);
  void unsubscribe(const FeedListener* listener);
  bool watched() const;

  // Journal lines that mention any of `keys` as a string value, oldest first.
  std::vector<FeedLine> mentioning(const std::vector<std::string>& keys) const;
  // Events emitted since the process started, by anyone (for figures).
  std::uint64_t emitted() const;

 private:
  void hand_out(const FeedLine& line);

  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<FeedListener>> listeners_;
  RingBuffer<FeedLine> journal_{journal_limit};
  std::uint64_t emitted_ = 0;
  std::string origin_;
  Tap tap_;
};

// The relay's one feed, like metrics::registry().
AdminFeed& admin_feed();

// "+1555***0001": enough to tell numbers apart, not enough to call one.
std::string masked_phone(std::string_view number);

}  // namespace baton
