#pragma once
// The .ics file (RFC 5545) of a booked call-back, for the visitor's
// calendar: one event in UTC with a reminder 10 minutes before.

#include <cstdint>
#include <string>

namespace baton {

struct CalendarCall {
  std::string uid;  // stable per call: a second download updates, not duplicates
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  std::int64_t stamp_ms = 0;  // when it was booked
  std::string summary;
  std::string description;
};

std::string call_calendar(const CalendarCall& call);

}  // namespace baton
