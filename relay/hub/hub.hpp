#pragma once
// Fan-out: every frame of a session reaches every endpoint subscribed to it.
// In-process (LocalHub) for one relay; across a cluster's relays through
// Redis (RedisHub, docs/cluster.md).

#include <cstddef>
#include <functional>
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

  // What the other relays of a cluster tell this one, beside frames.
  struct ClusterNews {
    // The setting under `key` changed on another relay; an empty key when
    // any may have changed unseen (the link to the others was down).
    std::function<void(std::string_view key)> setting_changed;
    // Another relay stored outbox work for `recipient`, whose lane this
    // relay looks after.
    std::function<void(std::string_view recipient)> work_for;
    // Relays joined or left: which lanes this relay looks after may differ.
    std::function<void()> members_changed;
  };
  virtual void on_cluster_news(ClusterNews news) { (void)news; }

  // The admin page changed the setting stored under `key` here: the other
  // relays read it again (nothing, for one relay).
  virtual void setting_changed(std::string_view key) { (void)key; }
  // Work split between the relays (docs/cluster.md, "The WhatsApp outbox"):
  // whether this relay looks after `key`, a WhatsApp recipient's outbox
  // lane, and how many relays share the work. One relay does it all.
  virtual bool owns(std::string_view key) const {
    (void)key;
    return true;
  }
  virtual std::size_t relays() const { return 1; }
  // Outbox work stored here for `recipient`, whose lane another relay
  // looks after: that relay is told.
  virtual void work_for(std::string_view recipient) { (void)recipient; }
};

}  // namespace baton
