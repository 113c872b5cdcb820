#include "relay/availability/business_hours.hpp"

#include <algorithm>
#include <date/date.h>
#include <date/tz.h>
#include <sstream>

namespace baton {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> day_names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    auto end = s.find(separator, start);
    parts.push_back(trim(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  for (auto part : split(s, ' ')) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

int day_index(std::string_view name) {
  for (std::size_t i = 0; i < day_names.size(); ++i) {
    if (day_names[i] == name) return static_cast<int>(i);
  }
  bad("unknown day '" + std::string(name) + "' (use mon, tue, wed, thu, fri, sat, sun)");
}

std::vector<int> parse_days(std::string_view text) {
  if (text == "daily") return {0, 1, 2, 3, 4, 5, 6};
  if (text == "weekdays") return {0, 1, 2, 3, 4};
  if (text == "weekends") return {5, 6};
  std::vector<int> days;
  for (auto item : split(text, ',')) {
    auto dash = item.find('-');
    if (dash == std::string_view::npos) {
      days.push_back(day_index(item));
      continue;
    }
    int first = day_index(item.substr(0, dash));
    int last = day_index(item.substr(dash + 1));
    for (int d = first;; d = (d + 1) % 7) {
      days.push_back(d);
      if (d == last) break;
    }
  }
  return days;
}

int parse_clock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') bad("times are HH:MM, got '" + std::string(text) + "'");
  auto digit = [&](std::size_t i) {
    if (text[i] < '0' || text[i] > '9') bad("times are HH:MM, got '" + std::string(text) + "'");
    return text[i] - '0';
  };
  int hours = digit(0) * 10 + digit(1);
  int minutes = digit(3) * 10 + digit(4);
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) bad("no such time '" + std::string(text) + "'");
  return hours * 60 + minutes;
}

BusinessHours::Span parse_span(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos) bad("a span is HH:MM-HH:MM, got '" + std::string(text) + "'");
  BusinessHours::Span span{parse_clock(text.substr(0, dash)), parse_clock(text.substr(dash + 1))};
  if (span.end_minute <= span.start_minute) {
    bad("span '" + std::string(text) + "' must end after it starts (for past midnight, split it over two days)");
  }
  return span;
}

BusinessHours::LocalDay parse_holiday(std::string_view text) {
  std::istringstream in{std::string(text)};
  date::year_month_day ymd{};
  in >> date::parse("%F", ymd);
  if (in.fail() || !ymd.ok()) bad("holidays are YYYY-MM-DD, got '" + std::string(text) + "'");
  return static_cast<BusinessHours::LocalDay>(date::sys_days(ymd).time_since_epoch().count());
}

std::int64_t millis(date::sys_seconds t) { return static_cast<std::int64_t>(t.time_since_epoch().count()) * 1000; }

}  // namespace

BusinessHours BusinessHours::parse(std::string_view spec, std::string_view time_zone, std::string_view holidays) {
  BusinessHours hours;
  try {
    hours.zone_ = date::locate_zone(std::string(time_zone));
  } catch (const std::exception&) {
    bad("unknown time zone '" + std::string(time_zone) + "' (an IANA name such as Europe/Lisbon)");
  }
  hours.time_zone_name_ = std::string(time_zone);
  spec = trim(spec);
  if (spec.empty()) bad("no hours given");
  if (spec == "24/7") {
    hours.always_open_ = true;
  } else {
    for (auto group : split(spec, ';')) {
      auto parts = words(group);
      if (parts.size() < 2)
        bad("each group is days then spans, like 'mon-fri 09:00-17:00', got '" + std::string(group) + "'");
      std::vector<Span> spans;
      for (std::size_t i = 1; i < parts.size(); ++i) spans.push_back(parse_span(parts[i]));
      std::sort(spans.begin(), spans.end(),
                [](const Span& a, const Span& b) { return a.start_minute < b.start_minute; });
      for (std::size_t i = 1; i < spans.size(); ++i) {
        if (spans[i].start_minute < spans[i - 1].end_minute) bad("spans overlap in '" + std::string(group) + "'");
      }
      for (int day : parse_days(parts[0])) hours.week_[static_cast<std::size_t>(day)] = spans;
    }
  }
  for (auto item : split(holidays, ',')) {
    if (!item.empty()) hours.holidays_.push_back(parse_holiday(item));
  }
  std::sort(hours.holidays_.begin(), hours.holidays_.end());
  return hours;
}

bool BusinessHours::is_holiday(LocalDay day) const {
  return std::binary_search(holidays_.begin(), holidays_.end(), day);
}

std::vector<std::pair<std::int64_t, std::int64_t>> BusinessHours::open_intervals(std::int64_t from_ms,
                                                                                 std::int64_t to_ms) const {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  if (to_ms <= from_ms) return out;
  if (always_open_ && holidays_.empty()) return {{from_ms, to_ms}};
  auto from = date::sys_seconds{seconds{from_ms / 1000}};
  auto to = date::sys_seconds{seconds{(to_ms + 999) / 1000}};
  // Local days that can overlap the range: one on either side for the offset.
  auto first = date::floor<date::days>(zone_->to_local(from)) - date::days{1};
  auto last = date::floor<date::days>(zone_->to_local(to)) + date::days{1};
  for (auto day = first; day <= last; day += date::days{1}) {
    auto day_number = static_cast<LocalDay>(day.time_since_epoch().count());
    if (is_holiday(day_number)) continue;
    auto weekday = (date::weekday{day}.iso_encoding() + 6) % 7;  // Monday = 0
    std::vector<Span> spans = always_open_ ? std::vector<Span>{{0, 1440}} : week_[weekday];
    for (const auto& span : spans) {
      // A local time that does not exist (skipped by a DST change) maps to
      // the moment of the change; one that happens twice, to the first.
      auto start = zone_->to_sys(day + minutes{span.start_minute}, date::choose::earliest);
      auto end = zone_->to_sys(day + minutes{span.end_minute}, date::choose::earliest);
      auto s = std::max(millis(start), from_ms);
      auto e = std::min(millis(end), to_ms);
      if (s < e) {
        // Spans that touch across midnight (…-24:00, then 00:00-…) join.
        if (!out.empty() && out.back().second == s) {
          out.back().second = e;
        } else {
          out.emplace_back(s, e);
        }
      }
    }
  }
  return out;
}

std::int64_t BusinessHours::start_of_local_day(std::int64_t utc_ms) const {
  auto local = date::floor<date::days>(zone_->to_local(date::sys_seconds{seconds{utc_ms / 1000}}));
  return millis(zone_->to_sys(local, date::choose::earliest));
}

bool BusinessHours::is_open(std::int64_t utc_ms) const { return !open_intervals(utc_ms, utc_ms + 1).empty(); }

std::optional<std::int64_t> BusinessHours::next_open(std::int64_t utc_ms) const {
  constexpr std::int64_t week_ms = 7LL * 24 * 3600 * 1000;
  for (std::int64_t from = utc_ms; from < utc_ms + 53 * week_ms; from += week_ms) {
    auto open = open_intervals(from, from + week_ms);
    if (!open.empty()) return open.front().first;
  }
  return std::nullopt;
}

}  // namespace baton
