#pragma once
// A bare session row, numbered, for tests that write straight to a store.

#include <string>

#include "relay/store/records.hpp"

namespace baton::test {

inline SessionRecord session_record(int i) {
  SessionRecord s;
  s.id = "s_" + std::to_string(i);
  s.token_hash = "hash" + std::to_string(i);
  s.code = "CODE" + std::to_string(i);
  return s;
}

}  // namespace baton::test
