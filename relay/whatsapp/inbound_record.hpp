#pragma once
// An inbound message kept while its media is downloaded (the media_fetches
// table): written as JSON and read back whole, so the message that finally
// joins its chat is the one the webhook brought.

#include <optional>
#include <string>
#include <string_view>

#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

std::string inbound_to_json(const InboundMessage& message);
// nullopt when the text is not what inbound_to_json wrote.
std::optional<InboundMessage> inbound_from_json(std::string_view json);

}  // namespace baton
