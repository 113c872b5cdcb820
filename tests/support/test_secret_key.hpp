#pragma once
// The secret key stores made by tests seal their chat keys with.

#include "relay/core/secret_box.hpp"

namespace baton::test {

inline SecretBox::Key test_secret_key() {
  SecretBox::Key key{};
  key.fill(7);
  return key;
}

}  // namespace baton::test
