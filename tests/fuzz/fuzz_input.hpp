#pragma once
// Reads a fuzzer's input as a script: small numbers and byte strings taken
// from the front, with defaults once it runs out, so every input is a
// valid script and the fuzzer explores behaviour, not input syntax.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace baton::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool empty() const { return pos_ >= size_; }
  std::uint8_t byte() { return empty() ? 0 : data_[pos_++]; }
  bool flag() { return (byte() & 1) != 0; }
  // 0 .. bound-1 (bound > 0).
  std::size_t below(std::size_t bound) { return byte() % bound; }
  // A string of up to `max_length` bytes, its length read first.
  std::string text(std::size_t max_length) {
    std::size_t length = std::min<std::size_t>(byte(), max_length);
    length = std::min(length, size_ - std::min(pos_, size_));
    std::string out(reinterpret_cast<const char*>(data_ + pos_), length);
    pos_ += length;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// A broken property is a bug like a crash: stop here, so the fuzzer saves
// the input that shows it.
#define BATON_FUZZ_REQUIRE(condition)   \
  do {                                  \
    if (!(condition)) __builtin_trap(); \
  } while (false)

}  // namespace baton::fuzz
