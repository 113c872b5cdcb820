#include "tools/wa-sim/meta_json.hpp"

#include <boost/json/serialize.hpp>
#include <cstdint>

namespace baton::sim {
namespace {

void append_escape(std::string& out, std::uint32_t unit) {
  static constexpr char hex[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += hex[(unit >> shift) & 0xFu];
}

// Decodes one UTF-8 sequence at text[i]; 0xFFFD and one byte for anything
// malformed.
std::uint32_t decode(std::string_view text, std::size_t& i) {
  auto lead = static_cast<unsigned char>(text[i]);
  std::size_t extra = 0;
  std::uint32_t cp = 0;
  if ((lead & 0xE0u) == 0xC0u) {
    extra = 1;
    cp = lead & 0x1Fu;
  } else if ((lead & 0xF0u) == 0xE0u) {
    extra = 2;
    cp = lead & 0x0Fu;
  } else if ((lead & 0xF8u) == 0xF0u) {
    extra = 3;
    cp = lead & 0x07u;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + extra >= text.size()) {  // truncated sequence
    ++i;
    return 0xFFFD;
  }
  for (std::size_t k = 1; k <= extra; ++k) {
    auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0u) != 0x80u) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3Fu);
  }
  static constexpr std::uint32_t min_for_length[] = {0, 0x80, 0x800, 0x10000};
  if (cp < min_for_length[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += extra + 1;
  return cp;
}

}  // namespace

std::string escape_non_ascii(std::string_view json, bool escape_slashes) {
  std::string out;
  out.reserve(json.size() + json.size() / 8);
  std::size_t i = 0;
  while (i < json.size()) {
    auto c = static_cast<unsigned char>(json[i]);
    if (c < 0x80) {
      if (c == '/' && escape_slashes) out += '\\';
      out += json[i++];
      continue;
    }
    auto cp = decode(json, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      append_escape(out, 0xD800 + (cp >> 10));
      append_escape(out, 0xDC00 + (cp & 0x3FFu));
    } else {
      append_escape(out, cp);
    }
  }
  return out;
}

std::string serialize_meta(const boost::json::value& value, bool escape_slashes) {
  return escape_non_ascii(boost::json::serialize(value), escape_slashes);
}

}  // namespace baton::sim
