// Sealing at rest (relay/core/secret_box.hpp): a KeyedBox, which keeps its
// key's AES schedule between calls, writes and reads the same bytes as a
// SecretBox, and a refused opening leaves it able to open the next value.

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "relay/core/crypto.hpp"
#include "relay/core/secret_box.hpp"

using baton::KeyedBox;
using baton::SecretBox;

namespace {

SecretBox::Key key_of(std::uint8_t seed) {
  SecretBox::Key key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(seed + i * 7);
  return key;
}

}  // namespace

TEST_CASE("keyed box: seals and opens the same bytes as a secret box, value after value") {
  baton::crypto::OsRandom random;
  SecretBox box(key_of(1), random);
  KeyedBox keyed(key_of(1), random);
  std::set<std::string> sealed_values;
  for (int i = 0; i < 50; ++i) {
    auto plain = "message " + std::to_string(i) + std::string(static_cast<std::size_t>(i), 'x');
    auto sealed = keyed.seal_bytes(plain);
    CHECK(sealed.size() == plain.size() + 28);
    CHECK(box.open_bytes(sealed) == plain);
    CHECK(keyed.open_bytes(sealed) == plain);
    CHECK(keyed.open_bytes(box.seal_bytes(plain)) == plain);
    sealed_values.insert(sealed.substr(0, 12));
  }
  // A fresh nonce every time.
  CHECK(sealed_values.size() == 50);
  CHECK(keyed.open_bytes(keyed.seal_bytes("")) == "");
}

TEST_CASE("keyed box: refuses another key's or an altered value, then opens the next good one") {
  baton::crypto::OsRandom random;
  KeyedBox keyed(key_of(1), random);
  KeyedBox other(key_of(2), random);
  auto sealed = keyed.seal_bytes("the visitor's words");
  CHECK_FALSE(other.open_bytes(sealed));
  auto altered = sealed;
  altered[15] = static_cast<char>(altered[15] ^ 1);
  CHECK_FALSE(keyed.open_bytes(altered));
  CHECK_FALSE(keyed.open_bytes(sealed.substr(0, 27)));
  CHECK(keyed.open_bytes(sealed) == "the visitor's words");
  auto moved = std::move(keyed);
  CHECK(moved.open_bytes(sealed) == "the visitor's words");
  CHECK(other.open_bytes(other.seal_bytes("again")) == "again");
}
