#include "relay/assistant/model/sse_reader.hpp"

namespace baton {

std::vector<std::string> SseReader::feed(std::string_view bytes) {
  std::vector<std::string> events;
  for (char c : bytes) {
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      skip_lf_ = c == '\r';
      take_line(line_, events);
      line_.clear();
      continue;
    }
    if (line_.size() >= max_line_bytes) {
      overflowed_ = true;
      continue;
    }
    line_ += c;
  }
  return events;
}

void SseReader::take_line(std::string_view line, std::vector<std::string>& events) {
  if (line.empty()) {
    // A blank line ends the event.
    if (has_data_) events.push_back(std::move(data_));
    data_.clear();
    has_data_ = false;
    return;
  }
  if (line.front() == ':') return;
  auto colon = line.find(':');
  auto field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field != "data") return;
  // An event of many data lines is bounded like one long line.
  if (data_.size() + value.size() + 1 > max_line_bytes) {
    overflowed_ = true;
    return;
  }
  if (has_data_) data_ += '\n';
  data_ += value;
  has_data_ = true;
}

}  // namespace baton
