#include <doctest/doctest.h>
#include <map>
#include <set>

#include "common/ids.hpp"
#include "common/reference_code.hpp"
#include "tests/support/seeded_random.hpp"

TEST_CASE("ids: session and message ids have their prefix, length and alphabet") {
  baton::test::SeededRandom random;
  auto session = baton::new_session_id(random);
  CHECK(session.size() == 28);
  CHECK(session.starts_with("s_"));
  CHECK(baton::is_session_id(session));
  CHECK_FALSE(baton::is_session_id("s_" + std::string(26, 'u')));  // u is not in Crockford's alphabet
  CHECK_FALSE(baton::is_session_id(session.substr(1)));
  auto message = baton::new_message_id(random, 1'700'000'000'000);
  CHECK(message.starts_with("m_"));
  CHECK(message.size() == 28);
}

TEST_CASE("ids: message ids made later sort later, and differ within one millisecond") {
  baton::test::SeededRandom random;
  auto first = baton::new_message_id(random, 1'700'000'000'000);
  auto same_ms = baton::new_message_id(random, 1'700'000'000'000);
  auto later = baton::new_message_id(random, 1'700'000'000'001);
  auto much_later = baton::new_message_id(random, 1'800'000'000'000);
  CHECK(first != same_ms);
  CHECK(first.substr(0, 11) == same_ms.substr(0, 11));  // "m_" + 9 characters: 45 of the 48 time bits
  CHECK(std::max(first, same_ms) < later);
  CHECK(later < much_later);
}

TEST_CASE("ids: tokens carry 256 bits and never repeat") {
  baton::test::SeededRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto token = baton::new_token(random);
    CHECK(token.size() == 43);
    CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    seen.insert(token);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("ids: client ids are 1-64 safe characters") {
  baton::test::SeededRandom random;
  CHECK(baton::is_valid_client_id(baton::new_client_id(random)));
  CHECK(baton::is_valid_client_id("a"));
  CHECK(baton::is_valid_client_id(std::string(64, 'x')));
  CHECK_FALSE(baton::is_valid_client_id(""));
  CHECK_FALSE(baton::is_valid_client_id(std::string(65, 'x')));
  CHECK_FALSE(baton::is_valid_client_id("has space"));
  CHECK_FALSE(baton::is_valid_client_id("semi;colon"));
  CHECK_FALSE(baton::is_valid_client_id("ünï"));
}

TEST_CASE("reference codes: six unambiguous characters, evenly drawn") {
  baton::test::SeededRandom random;
  std::map<char, int> counts;
  for (int i = 0; i < 5000; ++i) {
    auto code = baton::new_reference_code(random);
    REQUIRE(code.size() == 6);
    for (char c : code) {
      CHECK(baton::reference_alphabet.find(c) != std::string_view::npos);
      ++counts[c];
    }
  }
  CHECK(counts.size() == baton::reference_alphabet.size());
  for (auto [c, n] : counts) CHECK(n > 700);  // 1000 expected each; no character starved
  for (char ambiguous : std::string("01OILU")) CHECK(counts.count(ambiguous) == 0);
}

TEST_CASE("reference codes: what people type is normalized") {
  CHECK(baton::normalize_reference_code("#k7p2qx") == "K7P2QX");
  CHECK(baton::normalize_reference_code("K7P2QX") == "K7P2QX");
  CHECK_FALSE(baton::normalize_reference_code("K7P2Q"));
  CHECK_FALSE(baton::normalize_reference_code("K7P2QX1"));
  CHECK_FALSE(baton::normalize_reference_code("K0P2QX"));  // 0 is not in the alphabet
  CHECK_FALSE(baton::normalize_reference_code("##K7P2Q"));
}
