#pragma once
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

// Inbound media waiting for its download (relay/workers/media_worker.hpp).
class MediaQueue {
 public:
  virtual ~MediaQueue() = default;
  // A fetch was committed: look now rather than at the next tick.
  virtual void poke() = 0;
};

}  // namespace baton
