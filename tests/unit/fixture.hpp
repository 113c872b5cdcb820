#pragma once
// Reads a file from tests/fixtures.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace baton::test {

inline std::string fixture(const std::string& relative) {
  std::ifstream in(std::string(BATON_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + relative);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

}  // namespace baton::test
