#pragma once
// WhatsApp's text formatting, read the way WhatsApp reads it, so what an
// agent writes as *bold*, _italic_, ~strikethrough~, `code` or ```monospace```
// shows as such instead of with its markers. Only ever splits text into
// styled runs: the view builds elements and sets text, so no markup in a
// message is ever interpreted. Links (linkify.hpp) are found first and are
// never cut by a marker (URLs are full of underscores).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton::client {

enum StyleBit : std::uint8_t { style_bold = 1, style_italic = 2, style_strike = 4, style_mono = 8 };

struct StyledRun {
  std::string text;
  bool link = false;       // text is then the URL
  std::uint8_t style = 0;  // StyleBit flags
  friend bool operator==(const StyledRun&, const StyledRun&) = default;
};

// A marker opens after the start, a space or punctuation, before a non-space;
// it closes after a non-space, before the end, a space or punctuation, on the
// same line. Anything else stays as typed ("snake_case", "2*3*4", "* item").
std::vector<StyledRun> format_message(std::string_view text);

}  // namespace baton::client
