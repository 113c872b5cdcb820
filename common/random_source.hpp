#pragma once
// Where identifiers get their randomness. The relay fills from OpenSSL, the
// widget from crypto.getRandomValues, tests from a seeded generator.

#include <cstdint>
#include <span>

namespace baton {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;
};

}  // namespace baton
