#pragma once
// A plain text message as Meta's webhook brings it from a WhatsApp user, for
// tests that feed the relay's inbound transactions directly.

#include <cstdint>
#include <string>

#include "relay/whatsapp/webhook_event.hpp"

namespace baton::test {

inline InboundMessage inbound_text(std::string wamid, std::string from, std::string profile_name, std::string text,
                                   std::int64_t at_ms) {
  InboundMessage m;
  m.wamid = std::move(wamid);
  m.from = std::move(from);
  m.profile_name = std::move(profile_name);
  m.type = "text";
  m.kind = MessageKind::text;
  m.text = std::move(text);
  m.timestamp_ms = at_ms;
  return m;
}

}  // namespace baton::test
