#pragma once
// Which relays of a cluster are alive, and which of them looks after a piece
// of work (docs/cluster.md, "The WhatsApp outbox"). Every relay says it is
// alive on the hub each second; one not heard for `silence_ms` has left.
//
// The owner of a key (a WhatsApp recipient's outbox lane) is chosen by
// rendezvous hashing: each relay scores every live relay for the key and
// the highest score wins. Relays that hear the same members agree without
// talking, and when one leaves or joins only its own keys move.
//
// No I/O and no clock of its own: the hub feeds it what it hears and the time.

#include <cstdint>
#include <map>
#include <string_view>

#include "relay/hub/hub_envelope.hpp"

namespace baton {

class ClusterMembers {
 public:
  static constexpr std::int64_t heartbeat_ms = 1000;
  static constexpr std::int64_t silence_ms = 3500;

  explicit ClusterMembers(RelayId self) : self_(self) {}

  // Heard from `relay` (a heartbeat or anything else it published). True
  // when it was not a member before.
  bool heard(const RelayId& relay, std::int64_t now_ms);
  // Relays not heard for silence_ms leave. True when any did. (While the
  // link to the others is down, this relay soon hears nobody, and looks
  // after everything itself.)
  bool expire(std::int64_t now_ms);

  // Live relays, this one included.
  std::size_t size() const { return others_.size() + 1; }
  bool owns(std::string_view key) const;

 private:
  RelayId self_;
  std::map<RelayId, std::int64_t> others_;  // when each was last heard
};

}  // namespace baton
