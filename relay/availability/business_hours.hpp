#pragma once
// When the business answers: weekly hours in an IANA time zone, minus
// holidays. Times are turned into instants with the system's time zone
// database (Howard Hinnant's date library, the basis of C++20's <chrono>
// time zones), so daylight-saving changes fall where they really do.
//
// Spec (--hours): "24/7", or groups separated by ";", each days then one or
// more HH:MM-HH:MM spans:
//   "weekdays 09:00-17:00"
//   "mon-fri 09:00-12:30 13:30-18:00; sat 10:00-14:00"
//   "daily 08:00-24:00"
// Days: mon tue wed thu fri sat sun, a range "mon-fri", or weekdays,
// weekends, daily. A span ends after it starts (24:00 is midnight at the end
// of the day); a later group replaces an earlier one for the days it names.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace date {
class time_zone;
}

namespace baton {

class BusinessHours {
 public:
  struct Span {
    int start_minute = 0;  // minutes after local midnight
    int end_minute = 0;    // up to 1440
    friend bool operator==(const Span&, const Span&) = default;
  };
  // Local calendar date, as days since 1970-01-01.
  using LocalDay = std::int32_t;

  // Throws std::invalid_argument with a sentence naming the problem.
  static BusinessHours parse(std::string_view spec, std::string_view time_zone, std::string_view holidays = {});

  bool always_open() const { return always_open_; }
  bool is_open(std::int64_t utc_ms) const;
  // The next moment the business opens after `utc_ms` (itself if open);
  // nullopt when it never does in the next 370 days.
  std::optional<std::int64_t> next_open(std::int64_t utc_ms) const;
  // The open intervals [start, end) in UTC milliseconds that overlap
  // [from_ms, to_ms), clipped to it, in order.
  std::vector<std::pair<std::int64_t, std::int64_t>> open_intervals(std::int64_t from_ms, std::int64_t to_ms) const;

  // Local midnight (in UTC milliseconds) of the local day holding `utc_ms`.
  std::int64_t start_of_local_day(std::int64_t utc_ms) const;

  const std::string& time_zone() const { return time_zone_name_; }
  // Monday = 0.
  const std::vector<Span>& spans_on(int weekday) const { return week_[static_cast<std::size_t>(weekday)]; }
  bool is_holiday(LocalDay day) const;

 private:
  bool always_open_ = false;
  std::array<std::vector<Span>, 7> week_;
  std::vector<LocalDay> holidays_;  // sorted
  const date::time_zone* zone_ = nullptr;
  std::string time_zone_name_;
};

}  // namespace baton
