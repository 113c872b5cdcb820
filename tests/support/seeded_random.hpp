#pragma once
// Repeatable randomness for tests.

#include <random>

#include "common/random_source.hpp"

namespace baton::test {

class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(std::uint64_t seed = 42) : engine_(seed) {}
  void fill(std::span<std::uint8_t> out) override {
    for (auto& byte : out) byte = static_cast<std::uint8_t>(engine_() & 0xFF);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace baton::test
