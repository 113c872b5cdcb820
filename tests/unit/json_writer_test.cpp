// JsonWriter looks for bytes to escape eight at a time (relay/core/json_writer.cpp):
// whatever the length and wherever such a byte falls, the text reads back as
// the string it was given, with no raw control character in it.

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "relay/core/json_writer.hpp"

namespace {

// The string `text` reads back from, after checking its line has no raw control character.
std::string read_back(const std::string& text) {
  auto line = baton::JsonWriter().add("k", text).object();
  for (char c : line) REQUIRE(static_cast<unsigned char>(c) >= 0x20);
  return std::string(boost::json::parse(line).at("k").as_string());
}

}  // namespace

TEST_CASE("json writer: a byte to escape is found at any place in a string of any length") {
  const std::string specials = std::string("\"\\\n\r\t\x01\x1f\x7f /") + '\0';
  for (std::size_t length = 1; length <= 24; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (char special : specials) {
        std::string text(length, 'a');
        text[at] = special;
        CHECK(read_back(text) == text);
        // After a two-byte UTF-8 letter, which goes as it is.
        text.insert(0, "\xc3\xa9");
        CHECK(read_back(text) == text);
      }
    }
  }
  CHECK(read_back("") == "");
}

TEST_CASE("json writer: random strings read back as themselves") {
  std::mt19937 random(20261207);
  // Mostly plain letters, as real values are, with the bytes that need care.
  const std::string alphabet = std::string("abcXYZ 09-_:/.\"\\\n\t\x02\x1e") + '\0';
  for (int round = 0; round < 3000; ++round) {
    std::string text(random() % 70, ' ');
    for (auto& c : text) c = alphabet[random() % alphabet.size()];
    CHECK(read_back(text) == text);
  }
}
