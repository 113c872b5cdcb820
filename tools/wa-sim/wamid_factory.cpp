#include "tools/wa-sim/wamid_factory.hpp"

#include <array>

#include "relay/core/crypto.hpp"

namespace baton::sim {

std::string WamidFactory::make(std::string_view party, std::uint8_t direction) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::array<std::uint8_t, 6> noise{};
  random_.fill(noise);
  std::string id;
  auto count = ++counter_;
  for (int shift = 28; shift >= 0; shift -= 4) id += hex[(count >> shift) & 0xFu];
  for (auto b : noise) {
    id += hex[b >> 4];
    id += hex[b & 0xFu];
  }
  if (party.size() > 120) party = party.substr(0, 120);
  std::string record;
  record += '\x1c';
  record += '\x18';
  record += static_cast<char>(party.size());
  record += party;
  record += "\x15\x02";
  record += '\0';
  record += static_cast<char>(direction);
  record += '\x18';
  record += static_cast<char>(id.size());
  record += id;
  record += '\0';
  return "wamid." + crypto::base64(record, crypto::Base64Alphabet::url_safe);
}

}  // namespace baton::sim
