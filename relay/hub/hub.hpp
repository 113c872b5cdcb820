#pragma once
// Fan-out: every frame of a session reaches every endpoint subscribed to it.
// In-process (LocalHub) for one relay; across a cluster's relays through
// Redis (RedisHub, docs/cluster.md).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "relay/hub/encoded_frame.hpp"

namespace baton {

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Must not block: queue the frame or drop the subscriber.
  virtual void deliver(const SharedFrame& frame) = 0;
  // Frames may have been lost on the way (the cluster's link was down): read
  // what the chat logged since the last frame seen.
  virtual void resync() {}
};

class Hub {
 public:
  virtual ~Hub() = default;
  virtual void subscribe(const std::string& session_id, const std::shared_ptr<Subscriber>& subscriber) = 0;
  virtual void unsubscribe(const std::string& session_id, const Subscriber* subscriber) = 0;
  virtual void publish(const std::string& session_id, const SharedFrame& frame) = 0;
  // To every subscriber of every session (news for all widgets).
  virtual void publish_to_all(const SharedFrame& frame) = 0;
  virtual std::size_t subscribers(std::string_view session_id) const = 0;
  // Frames reach every relay's tabs (always, for one relay).
  virtual bool linked() const { return true; }
  // Links to the other relays, and lets go of them (nothing, for one relay).
  virtual void start() {}
  virtual void stop() {}
};

}  // namespace baton
