#pragma once
// Splits message text into plain runs and web links, so the view can make
// links clickable without ever interpreting text as markup. Only http and
// https count as links.

#include <string>
#include <string_view>
#include <vector>

namespace baton::client {

struct TextRun {
  std::string text;
  bool link = false;  // text is then the URL
  friend bool operator==(const TextRun&, const TextRun&) = default;
};

std::vector<TextRun> linkify(std::string_view text);

}  // namespace baton::client
