#include "relay/availability/call_calendar.hpp"

#include <ctime>
#include <string_view>

#include "common/utf8.hpp"

namespace baton {
namespace {

std::string utc_stamp(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

// TEXT values escape backslash, semicolon, comma and line breaks.
std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

// Lines longer than 75 octets are folded (CRLF and a space), never inside a
// UTF-8 character.
std::string folded(std::string_view line) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size();) {
    auto len = utf8::sequence_length(static_cast<unsigned char>(line[i]));
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line.substr(i, len));
    width += len;
    i += len;
  }
  return out + "\r\n";
}

}  // namespace

std::string call_calendar(const CalendarCall& call) {
  std::string out;
  for (const std::string& line :
       {std::string("BEGIN:VCALENDAR"), std::string("VERSION:2.0"), std::string("PRODID:-//Baton//Call-back//EN"),
        std::string("CALSCALE:GREGORIAN"), std::string("METHOD:PUBLISH"), std::string("BEGIN:VEVENT"),
        "UID:" + escaped(call.uid), "DTSTAMP:" + utc_stamp(call.stamp_ms), "DTSTART:" + utc_stamp(call.start_ms),
        "DTEND:" + utc_stamp(call.end_ms), "SUMMARY:" + escaped(call.summary),
        "DESCRIPTION:" + escaped(call.description), std::string("BEGIN:VALARM"), std::string("ACTION:DISPLAY"),
        "DESCRIPTION:" + escaped(call.summary), std::string("TRIGGER:-PT10M"), std::string("END:VALARM"),
        std::string("END:VEVENT"), std::string("END:VCALENDAR")}) {
    out += folded(line);
  }
  return out;
}

}  // namespace baton
