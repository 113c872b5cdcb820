#include "client/core/message_format.hpp"

#include "client/core/linkify.hpp"

namespace baton::client {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Letters, digits and anything beyond ASCII (letters of other scripts) join
// a marker to a word, so it is not a marker there.
bool is_word(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::uint8_t style_of(char marker) {
  switch (marker) {
    case '*': return style_bold;
    case '_': return style_italic;
    case '~': return style_strike;
    default: return 0;
  }
}

class Formatter {
 public:
  explicit Formatter(std::vector<StyledRun>& out) : out_(out) {}

  // Code first: nothing inside it is formatted.
  void code_spans(std::string_view text, std::uint8_t style) {
    while (!text.empty()) {
      auto open = text.find('`');
      if (open == std::string_view::npos) break;
      bool block = text.substr(open, 3) == "```";
      std::string_view marker = block ? "```" : "`";
      auto close = text.find(marker, open + marker.size());
      auto inner = close == std::string_view::npos ? std::string_view()
                                                   : text.substr(open + marker.size(), close - open - marker.size());
      bool valid = close != std::string_view::npos && !inner.empty() && (block || inner.find('\n') == inner.npos);
      if (!valid) {
        emphasis(text.substr(0, open + marker.size()), style);
        text.remove_prefix(open + marker.size());
        continue;
      }
      emphasis(text.substr(0, open), style);
      emit(inner, style | style_mono);
      text.remove_prefix(close + marker.size());
    }
    emphasis(text, style);
  }

 private:
  void emphasis(std::string_view text, std::uint8_t style) {
    std::size_t plain_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      std::uint8_t bit = style_of(text[i]);
      if (bit == 0 || (style & bit) != 0) continue;
      auto close = closing(text, i);
      if (close == std::string_view::npos) continue;
      emit(text.substr(plain_from, i - plain_from), style);
      emphasis(text.substr(i + 1, close - i - 1), static_cast<std::uint8_t>(style | bit));
      i = close;
      plain_from = close + 1;
    }
    emit(text.substr(plain_from), style);
  }

  // Where the marker at `open` closes, or npos when it does not open here.
  static std::size_t closing(std::string_view text, std::size_t open) {
    char marker = text[open];
    if (open > 0 && (is_word(text[open - 1]) || text[open - 1] == marker)) return std::string_view::npos;
    if (open + 1 >= text.size() || is_space(text[open + 1]) || text[open + 1] == marker) return std::string_view::npos;
    for (auto j = open + 2; j < text.size(); ++j) {
      if (text[j] == '\n') return std::string_view::npos;
      if (text[j] != marker || is_space(text[j - 1])) continue;
      if (j + 1 < text.size() && (is_word(text[j + 1]) || text[j + 1] == marker)) continue;
      return j;
    }
    return std::string_view::npos;
  }

  void emit(std::string_view text, std::uint8_t style) {
    if (text.empty()) return;
    if (!out_.empty() && !out_.back().link && out_.back().style == style) {
      out_.back().text += text;
      return;
    }
    out_.push_back(StyledRun{std::string(text), false, style});
  }

  std::vector<StyledRun>& out_;
};

}  // namespace

std::vector<StyledRun> format_message(std::string_view text) {
  std::vector<StyledRun> out;
  Formatter formatter(out);
  for (const auto& run : linkify(text)) {
    if (run.link) out.push_back(StyledRun{run.text, true, 0});
    else formatter.code_spans(run.text, 0);
  }
  return out;
}

}  // namespace baton::client
