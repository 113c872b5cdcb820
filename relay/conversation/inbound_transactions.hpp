#pragma once
// A verified WhatsApp webhook, applied in one transaction: inbound messages
// (each wamid once), delivery statuses (each (wamid, status) once, only ever
// forward), and errors Meta reports without a message.

#include <cstddef>

#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/delivery_transactions.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

struct WebhookTally {
  std::size_t messages = 0;
  std::size_t duplicate_messages = 0;
  std::size_t unrouted_messages = 0;
  std::size_t statuses = 0;
  std::size_t duplicate_statuses = 0;
  std::size_t errors = 0;
};

// One inbound message that is new and from a person: to its chat, or
// answered. The media worker calls it once a file is downloaded (or could
// not be), with the message as the webhook brought it.
void deliver_inbound_tx(SessionLog& log, const InboundMessage& message, const AgentDirectory& agents,
                        WebhookTally& tally);

WebhookTally apply_webhook_tx(SessionLog& log, const WebhookBatch& batch, const AgentDirectory& agents,
                              const DeliveryPolicy& policy = {});

}  // namespace baton
