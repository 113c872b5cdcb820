#pragma once

#include <cstdint>
#include <string>
// The workers that carry committed work out of the process (relay/workers/:
// the WhatsApp outbox, the mail sender) sit a layer above the conversation.
// The service tells them about each commit through these, so this layer needs
// neither them nor an event loop.

#include "relay/conversation/effects.hpp"

namespace baton {

class OutboxQueue {
 public:
  virtual ~OutboxQueue() = default;
  // Carries out the outbox part of a committed transaction's effects.
  virtual void apply(const Effects& effects) = 0;
};

class MailQueue {
 public:
  virtual ~MailQueue() = default;
  // New mail was committed: look now rather than at the next tick.
  virtual void poke() = 0;
};

// What a visitor's tab says of them, for the agent's WhatsApp
// (relay/workers/whatsapp_signals.hpp): read marks and the typing indicator.
class VisitorSignals {
 public:
  virtual ~VisitorSignals() = default;
  virtual void seen(const std::string& session_id, std::uint64_t seq) = 0;
  virtual void typing(const std::string& session_id) = 0;
};

// Inbound media waiting for its download (relay/workers/media_worker.hpp).
class MediaQueue {
 public:
  virtual ~MediaQueue() = default;
  // A fetch was committed: look now rather than at the next tick.
  virtual void poke() = 0;
};

}  // namespace baton
