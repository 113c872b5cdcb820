// Freed memory goes back to the operating system (relay/app/memory_return).

#include <doctest/doctest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "relay/app/memory_return.hpp"

namespace {

long resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool glibc_allocator = false;  // AddressSanitizer brings its own
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool glibc_allocator = false;
#else
constexpr bool glibc_allocator = true;
#endif
#else
constexpr bool glibc_allocator = true;
#endif

}  // namespace

TEST_CASE("memory: what tabs freed is given back once the process grew and the allocator holds it" *
          doctest::skip(!glibc_allocator)) {
  boost::asio::io_context io;
  baton::MemoryReturn memory(io.get_executor());
  CHECK_FALSE(memory.look());  // nothing grew

  // 48 MB in blocks the size of a tab's buffers, one kept at the end so the
  // heap cannot simply shrink from its top: what a crowd of tabs leaves.
  std::vector<std::unique_ptr<char[]>> blocks;
  for (int i = 0; i < 12 * 1024; ++i) {
    blocks.emplace_back(new char[4096]);
    std::fill_n(blocks.back().get(), 4096, static_cast<char>(i));
  }
  auto keeper = std::make_unique<char[]>(4096);
  CHECK_FALSE(memory.look());  // grown, but all of it in use: nothing to give
  auto before = resident_kib();
  blocks.clear();
  auto freed = resident_kib();
  CHECK(freed > before - 8 * 1024);  // glibc kept it

  CHECK(memory.look());
  CHECK(resident_kib() < freed - 32 * 1024);
  CHECK_FALSE(memory.look());  // given back already
  keeper.reset();
}
