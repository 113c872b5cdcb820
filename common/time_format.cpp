#include "common/time_format.hpp"

#include <chrono>

namespace baton {
namespace {

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// Zero-padded digits; no printf, whose code would weigh more in the widget
// than everything else here.
void append_digits(std::string& out, long value, int width) {
  char digits[20];
  int n = 0;
  for (; n < width || value > 0; value /= 10) digits[n++] = static_cast<char>('0' + value % 10);
  while (n > 0) out += digits[--n];
}

}  // namespace

std::string format_rfc3339(std::int64_t unix_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> tp{milliseconds{unix_ms}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss time{tp - day};
  std::string out;
  out.reserve(24);
  append_digits(out, static_cast<int>(ymd.year()), 4);
  out += '-';
  append_digits(out, static_cast<long>(static_cast<unsigned>(ymd.month())), 2);
  out += '-';
  append_digits(out, static_cast<long>(static_cast<unsigned>(ymd.day())), 2);
  out += 'T';
  append_digits(out, static_cast<long>(time.hours().count()), 2);
  out += ':';
  append_digits(out, static_cast<long>(time.minutes().count()), 2);
  out += ':';
  append_digits(out, static_cast<long>(time.seconds().count()), 2);
  out += '.';
  append_digits(out, static_cast<long>(time.subseconds().count()), 3);
  out += 'Z';
  return out;
}

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() < 20) return std::nullopt;
  if (!read_digits(text, 0, 4, y) || text[4] != '-' || !read_digits(text, 5, 2, mo) || text[7] != '-' ||
      !read_digits(text, 8, 2, d) || (text[10] != 'T' && text[10] != 't') || !read_digits(text, 11, 2, h) ||
      text[13] != ':' || !read_digits(text, 14, 2, mi) || text[16] != ':' || !read_digits(text, 17, 2, s)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0, om = 0;
    if (!read_digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_digits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  auto tp = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} - minutes{offset_minutes};
  return duration_cast<milliseconds>(tp.time_since_epoch()).count() + millis;
}

}  // namespace baton
