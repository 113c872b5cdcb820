#pragma once
// Message ids shaped like Meta's: "wamid." + base64 of a small protobuf-like
// record holding the other party's number, the direction and a hex id, so
// they start "wamid.HBgL" for an 11-digit number just as real ones do.
// A counter inside the hex id keeps them unique.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/random_source.hpp"

namespace baton::sim {

class WamidFactory {
 public:
  explicit WamidFactory(RandomSource& random) : random_(random) {}

  // A message the business sent to `party` (digits or a user id).
  std::string outbound(std::string_view party) { return make(party, 0x11); }
  // A message `party` sent to the business.
  std::string inbound(std::string_view party) { return make(party, 0x12); }

 private:
  std::string make(std::string_view party, std::uint8_t direction);

  RandomSource& random_;
  std::uint64_t counter_ = 0;
};

}  // namespace baton::sim
