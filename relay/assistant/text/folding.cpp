#include "relay/assistant/text/folding.hpp"

#include <algorithm>

#include <cstdint>

namespace baton {
namespace {

// Reads one code point; `bad` is returned for a byte that does not start a
// valid sequence (it is then skipped alone).
constexpr char32_t bad = 0xFFFFFFFF;

char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t extra = (lead & 0xE0) == 0xC0 ? 1 : (lead & 0xF0) == 0xE0 ? 2 : (lead & 0xF8) == 0xF0 ? 3 : 0;
  if (extra == 0 || i + extra >= text.size()) {
    ++i;
    return bad;
  }
  char32_t cp = lead & (0x7F >> (extra + 1));
  for (std::size_t k = 1; k <= extra; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return bad;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += extra + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The ASCII letters a Latin-1 or Latin Extended-A letter folds to.
const char* latin_base(char32_t cp) {
  static constexpr const char* latin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",   // C0-CF
      "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
      "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",   // E0-EF
      "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};  // F0-FF
  if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
  struct Range {
    char32_t first, last;
    const char* base;
  };
  static constexpr Range extended[] = {
      {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"},  {0x112, 0x11B, "e"},  {0x11C, 0x123, "g"},
      {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},  {0x136, 0x138, "k"},
      {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"},  {0x152, 0x153, "oe"}, {0x154, 0x159, "r"},
      {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"},  {0x174, 0x175, "w"},  {0x176, 0x178, "y"},
      {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"}};
  for (const auto& r : extended) {
    if (cp >= r.first && cp <= r.last) return r.base;
  }
  return nullptr;
}

bool is_arabic_mark(char32_t cp) { return (cp >= 0x64B && cp <= 0x652) || cp == 0x670 || cp == 0x640; }

bool is_arabic_letter(char32_t cp) {
  return (cp >= 0x621 && cp <= 0x63A) || (cp >= 0x641 && cp <= 0x64A) || (cp >= 0x671 && cp <= 0x6D3);
}

char32_t normalize_arabic(char32_t cp) {
  switch (cp) {
    case 0x622:
    case 0x623:
    case 0x625:
    case 0x671: return 0x627;  // alef forms
    case 0x629: return 0x647;  // teh marbuta -> heh
    case 0x649: return 0x64A;  // alef maqsura -> yeh
    case 0x624: return 0x648;  // waw with hamza
    case 0x626: return 0x64A;  // yeh with hamza
    default: return cp;
  }
}

// Code points that separate words beyond ASCII punctuation: Latin-1 symbols,
// general punctuation, arrows and other symbols, CJK punctuation, fullwidth
// forms, variation selectors, emoji, Arabic punctuation.
bool is_separator(char32_t cp) {
  if (cp < 0x80) return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
  return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
         cp >= 0x1F000 || cp == 0x60C || cp == 0x61B || cp == 0x61F || (cp >= 0x66A && cp <= 0x66D) || cp == 0x6D4 ||
         cp == bad;
}

}  // namespace

std::vector<std::string> fold_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = next_code_point(text, i);
    if (cp >= 'A' && cp <= 'Z') {
      word += static_cast<char>(cp - 'A' + 'a');
    } else if (cp >= 0x660 && cp <= 0x669) {
      word += static_cast<char>('0' + (cp - 0x660));
    } else if (cp >= 0x6F0 && cp <= 0x6F9) {
      word += static_cast<char>('0' + (cp - 0x6F0));
    } else if (is_arabic_mark(cp)) {
      continue;  // vowel marks and tatweel sit inside words
    } else if (is_separator(cp)) {
      flush();
    } else if (const char* base = latin_base(cp)) {
      word += base;
    } else if (is_arabic_letter(cp)) {
      append_utf8(word, normalize_arabic(cp));
    } else {
      append_utf8(word, cp);
    }
  }
  flush();
  return words;
}

bool mostly_arabic(std::string_view text) {
  std::size_t arabic = 0;
  std::size_t latin = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = next_code_point(text, i);
    if (is_arabic_letter(cp)) ++arabic;
    else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || latin_base(cp)) ++latin;
  }
  return arabic > latin;
}

std::string fold_single_word(std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) {
    auto words = fold_words(text);
    return words.size() == 1 ? std::move(words.front()) : std::string();
  }
  // In ASCII every character but a letter or a digit separates words.
  std::string word;
  bool ended = false;
  for (char c : text) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
      letter = true;
    }
    if (!letter) {
      ended = ended || !word.empty();
      continue;
    }
    if (ended) return {};  // a second word
    word += c;
  }
  return word;
}

}  // namespace baton
