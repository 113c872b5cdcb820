#pragma once
// Reads Meta's webhook JSON: every entry, every change, every message, status
// and error in it (batches are common; reading only the first item is a classic
// way to lose messages). One unreadable item does not sink the others: it is
// listed in `skipped`. Only a body that is not a webhook at all is an error.

#include <string>
#include <string_view>
#include <variant>

#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

struct WebhookParseError {
  std::string code;
  std::string message;
};

// With `phone_number_id` set, changes addressed to another phone number of
// the same business account are skipped (one app can serve several numbers).
std::variant<WebhookBatch, WebhookParseError> parse_webhook(std::string_view body,
                                                            std::string_view phone_number_id = {});

}  // namespace baton
