#pragma once
// Times as the visitor reads them: in their own time zone and language. The
// browser has both (Intl.DateTimeFormat); the core only asks.

#include <cstdint>
#include <string>
#include <string_view>

namespace baton::client {

class LocalTime {
 public:
  virtual ~LocalTime() = default;
  // "Fri 27 Nov, 14:00" in the visitor's zone, worded for `language_tag`.
  virtual std::string day_time(std::int64_t utc_ms, std::string_view language_tag) const = 0;
  // "14:00".
  virtual std::string time(std::int64_t utc_ms, std::string_view language_tag) const = 0;
  // "Fri 27 Nov".
  virtual std::string day(std::int64_t utc_ms, std::string_view language_tag) const = 0;
  // "now", "5 min ago" (Intl.RelativeTimeFormat): for a message's time
  // within the last hour.
  virtual std::string minutes_ago(std::int64_t minutes, std::string_view language_tag) const = 0;
  // "Friday, 27 November 2026 at 14:00": the whole time, on hover.
  virtual std::string full(std::int64_t utc_ms, std::string_view language_tag) const = 0;
  // Whether two times fall on the same day in the visitor's zone.
  virtual bool same_day(std::int64_t a_ms, std::int64_t b_ms) const = 0;
};

}  // namespace baton::client
