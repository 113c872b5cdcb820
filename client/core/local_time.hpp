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
};

}  // namespace baton::client
