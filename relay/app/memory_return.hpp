#pragma once
// Gives memory the relay no longer uses back to the operating system.
//
// When thousands of tabs connect and leave, their buffers are freed, but
// glibc's allocator keeps the freed pages: the process stays at its peak
// size for good (measured: 22 MB at rest, 69 MB after 2,000 tabs came and
// went; docs/benchmarks.md). Every few seconds this looks how much resident
// memory is not in use by any allocation; when that has grown by more than
// kept_bytes since it last gave memory back, it gives it back (malloc_trim).
// Under steady load memory is in use or reused and nothing happens; once
// load falls, memory returns to its baseline within seconds. Elsewhere than
// glibc's allocator it does nothing: the relay's own binary runs on jemalloc,
// which does the same by itself (relay/allocator_settings.cpp); the tests
// and tools run on glibc's.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>

namespace baton {

class MemoryReturn {
 public:
  static constexpr auto interval = std::chrono::seconds(5);
  // Growth of resident but unused memory that is kept without giving it back.
  static constexpr std::size_t kept_bytes = 8 * 1024 * 1024;

  explicit MemoryReturn(boost::asio::any_io_executor executor);

  void start();
  void stop();
  // One look; true if memory was given back.
  bool look();

 private:
  void wait();

  boost::asio::steady_timer timer_;
  bool stopped_ = false;
  std::size_t unused_after_last_ = 0;  // resident bytes not in use after the last look that gave back
};

}  // namespace baton
