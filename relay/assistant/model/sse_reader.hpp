#pragma once
// Reads a text/event-stream body as it arrives, in pieces of any size, and
// hands out each event's data (the "data:" lines of one event, joined by
// newlines). Comments, ids and retry fields are skipped.

#include <string>
#include <string_view>
#include <vector>

namespace baton {

class SseReader {
 public:
  // The complete events in `bytes` and what came before; a partial event
  // waits for the next call.
  std::vector<std::string> feed(std::string_view bytes);

  // Lines and events are bounded: a server that never ends one is not
  // buffered forever.
  static constexpr std::size_t max_line_bytes = 1024 * 1024;
  bool overflowed() const { return overflowed_; }

 private:
  void take_line(std::string_view line, std::vector<std::string>& events);

  std::string line_;
  std::string data_;
  bool has_data_ = false;
  bool skip_lf_ = false;
  bool overflowed_ = false;
};

}  // namespace baton
