#pragma once
// Fan-out: every frame of a session reaches every endpoint subscribed to it.
// One in-process implementation today; a multi-process relay would put Redis
// behind the same interface.

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
};

}  // namespace baton
