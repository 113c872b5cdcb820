#include "relay/availability/local_time.hpp"

#include <chrono>
#include <date/date.h>
#include <date/tz.h>

namespace baton {
namespace {

const date::time_zone* zone_or_utc(std::string_view zone) {
  try {
    if (!zone.empty()) return date::locate_zone(std::string(zone));
  } catch (const std::exception&) {
    // Unknown to this machine's tz database: fall through to UTC.
  }
  return date::locate_zone("UTC");
}

std::string format(std::int64_t utc_ms, std::string_view zone, const char* pattern) {
  auto instant = date::sys_time<std::chrono::minutes>(
      std::chrono::duration_cast<std::chrono::minutes>(std::chrono::milliseconds(utc_ms)));
  return date::format(pattern, date::make_zoned(zone_or_utc(zone), instant));
}

}  // namespace

std::string known_time_zone(std::string_view zone) { return std::string(zone_or_utc(zone)->name()); }

std::string format_local_day_time(std::int64_t utc_ms, std::string_view zone) {
  return format(utc_ms, zone, "%a %d %b %Y, %H:%M");
}

std::string format_local_time(std::int64_t utc_ms, std::string_view zone) { return format(utc_ms, zone, "%H:%M"); }

}  // namespace baton
