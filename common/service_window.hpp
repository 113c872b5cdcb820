#pragma once
// WhatsApp's customer service window: a business may send free-form messages
// to a user for 24 hours after that user's latest message; after that, only an
// approved template, which does not reopen the window by itself.

#include <cstdint>

namespace baton {

inline constexpr std::int64_t service_window_ms = 24LL * 60 * 60 * 1000;

// `last_inbound_ms` 0 means the user never wrote.
constexpr bool service_window_open(std::int64_t last_inbound_ms, std::int64_t now_ms) {
  return last_inbound_ms > 0 && now_ms - last_inbound_ms < service_window_ms;
}

}  // namespace baton
