#pragma once
// UTF-8 helpers. Limits are counted in code points, the closest portable
// measure to what WhatsApp calls characters; cuts never split a code point.

#include <cstddef>
#include <string>
#include <string_view>

namespace baton::utf8 {

// Well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid(std::string_view text);

// Code points in valid UTF-8.
std::size_t length(std::string_view text);

// Bytes of the sequence a lead byte starts (1 for ASCII or a stray byte),
// for cutting text without splitting a character.
std::size_t sequence_length(unsigned char lead);

// The first / last `count` code points of valid UTF-8.
std::string_view take_first(std::string_view text, std::size_t count);
std::string_view take_last(std::string_view text, std::size_t count);

}  // namespace baton::utf8
