// Business hours in a real time zone (the system's tz database): weekly
// spans, holidays, the next opening, and daylight-saving changes.

#include <doctest/doctest.h>

#include <date/date.h>

#include "relay/availability/business_hours.hpp"

using namespace baton;

namespace {

// Milliseconds since the epoch of a UTC date and time.
std::int64_t utc(int y, unsigned m, unsigned d, int hh, int mm = 0) {
  auto day = date::sys_days{date::year{y} / date::month{m} / date::day{d}};
  auto t = day + std::chrono::hours{hh} + std::chrono::minutes{mm};
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

TEST_CASE("business hours: weekdays in Lisbon, closed at weekends and on holidays") {
  auto hours = BusinessHours::parse("weekdays 09:00-17:00", "Europe/Lisbon", "2026-12-25");
  // Wednesday 2 December 2026, Lisbon is UTC+0 in winter.
  CHECK(hours.is_open(utc(2026, 12, 2, 9, 0)));
  CHECK(hours.is_open(utc(2026, 12, 2, 16, 59)));
  CHECK_FALSE(hours.is_open(utc(2026, 12, 2, 17, 0)));
  CHECK_FALSE(hours.is_open(utc(2026, 12, 2, 8, 59)));
  // Saturday: the next opening is Monday 09:00.
  CHECK(hours.next_open(utc(2026, 12, 5, 12)) == utc(2026, 12, 7, 9));
  // Christmas is a Friday and a holiday: Thursday 17:00 opens next on Monday.
  CHECK_FALSE(hours.is_open(utc(2026, 12, 25, 10)));
  CHECK(hours.next_open(utc(2026, 12, 24, 17)) == utc(2026, 12, 28, 9));
  // Open now: the next opening is now.
  CHECK(hours.next_open(utc(2026, 12, 2, 10)) == utc(2026, 12, 2, 10));
}

TEST_CASE("business hours: the same local hours move in UTC when the clocks change") {
  auto hours = BusinessHours::parse("mon-fri 09:00-17:00", "Europe/Lisbon");
  // Summer time (UTC+1) began on Sunday 29 March 2026: 09:00 local is 08:00 UTC.
  CHECK(hours.is_open(utc(2026, 3, 27, 9)));  // Friday before, UTC+0
  CHECK_FALSE(hours.is_open(utc(2026, 3, 27, 8, 30)));
  CHECK(hours.is_open(utc(2026, 3, 30, 8, 30)));  // Monday after, UTC+1
  CHECK_FALSE(hours.is_open(utc(2026, 3, 30, 16, 30)));
  auto monday = hours.open_intervals(utc(2026, 3, 30, 0), utc(2026, 3, 31, 0));
  REQUIRE(monday.size() == 1);
  CHECK(monday[0] == std::pair{utc(2026, 3, 30, 8), utc(2026, 3, 30, 16)});

  // New York falls back on Sunday 1 November 2026 (01:00-02:00 happens
  // twice): five hours on the clock are six real hours.
  auto ny = BusinessHours::parse("sun 00:00-05:00", "America/New_York");
  auto sunday = ny.open_intervals(utc(2026, 11, 1, 0), utc(2026, 11, 2, 0));
  REQUIRE(sunday.size() == 1);
  // 00:00 EDT is 04:00 UTC; 05:00 EST is 10:00 UTC: six real hours.
  CHECK(sunday[0] == std::pair{utc(2026, 11, 1, 4), utc(2026, 11, 1, 10)});
}

TEST_CASE("business hours: split days, later groups win, spans meeting at midnight join, 24/7") {
  auto hours = BusinessHours::parse(
      "daily 10:00-12:00; mon-fri 09:00-12:30 13:30-18:00; sat 20:00-24:00; sun 00:00-02:00", "UTC");
  CHECK(hours.spans_on(0).size() == 2);
  CHECK(hours.spans_on(5) == std::vector<BusinessHours::Span>{{1200, 1440}});
  CHECK_FALSE(hours.is_open(utc(2026, 12, 2, 13)));  // Wednesday lunch
  auto night = hours.open_intervals(utc(2026, 12, 5, 0), utc(2026, 12, 7, 0));
  REQUIRE(night.size() == 1);  // Saturday 20:00 to Sunday 02:00, one stretch
  CHECK(night[0] == std::pair{utc(2026, 12, 5, 20), utc(2026, 12, 6, 2)});

  auto always = BusinessHours::parse("24/7", "Asia/Dubai");
  CHECK(always.always_open());
  CHECK(always.is_open(utc(2026, 12, 25, 3)));
  auto except_new_year = BusinessHours::parse("24/7", "Asia/Dubai", "2027-01-01");
  // 1 January in Dubai (UTC+4) runs from 20:00 UTC on 31 December.
  CHECK_FALSE(except_new_year.is_open(utc(2026, 12, 31, 21)));
  CHECK(except_new_year.next_open(utc(2026, 12, 31, 21)) == utc(2027, 1, 1, 20));
}

TEST_CASE("business hours: mistakes are refused with the reason") {
  auto refused = [](const char* spec, const char* zone = "UTC", const char* holidays = "") {
    try {
      BusinessHours::parse(spec, zone, holidays);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refused("weekdays 09:00-17:00", "Mars/Olympus").find("unknown time zone") != std::string::npos);
  CHECK(refused("funday 09:00-17:00").find("unknown day") != std::string::npos);
  CHECK(refused("mon 17:00-09:00").find("must end after it starts") != std::string::npos);
  CHECK(refused("mon 9:00-17:00").find("HH:MM") != std::string::npos);
  CHECK(refused("mon 09:00-12:00 11:00-13:00").find("overlap") != std::string::npos);
  CHECK(refused("mon").find("days then spans") != std::string::npos);
  CHECK(refused("mon 09:00-25:00").find("no such time") != std::string::npos);
  CHECK(refused("24/7", "UTC", "2026-02-30").find("YYYY-MM-DD") != std::string::npos);
  CHECK(refused("") == "no hours given");
}
