#pragma once
// An instant as people read it in a given IANA time zone, for WhatsApp
// messages and e-mails ("Fri 27 Nov 2026, 14:00"). The widget formats its
// own times with the browser's Intl, in the visitor's language.

#include <cstdint>
#include <string>
#include <string_view>

namespace baton {

// The zone itself when the tz database knows it, else "UTC".
std::string known_time_zone(std::string_view zone);

// "Fri 27 Nov 2026, 14:00" in `zone` (UTC when unknown).
std::string format_local_day_time(std::int64_t utc_ms, std::string_view zone);
// "14:00" in `zone`.
std::string format_local_time(std::int64_t utc_ms, std::string_view zone);

}  // namespace baton
