#include "relay/app/memory_return.hpp"

#include <algorithm>
#include <fstream>
#include <unistd.h>

#if defined(__GLIBC__)
#include <dlfcn.h>
#include <malloc.h>
#endif

#include "relay/core/metrics.hpp"

namespace baton {
namespace {

metrics::Counter& returns() {
  static auto& c = metrics::registry().counter("baton_memory_returns_total",
                                               "Times freed memory was given back to the operating system");
  return c;
}

// Resident memory from /proc/self/statm (pages), in bytes; 0 if unknown.
std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0;
  std::size_t resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Whether glibc's allocator holds the heap, so that malloc_trim can give
// back what it keeps. The relay itself runs on jemalloc (relay/CMakeLists.txt),
// which gives freed pages back on its own (relay/allocator_settings.cpp):
// glibc's heap is then all but empty, and its figures say nothing. jemalloc
// is the one that exports mallctl.
bool glibc_allocates() {
#if defined(__GLIBC__)
  static const bool glibc = ::dlsym(RTLD_DEFAULT, "mallctl") == nullptr;
  return glibc;
#else
  return false;
#endif
}

// Resident memory that no allocation uses: the allocator's freed pages, plus
// what is not the heap's at all (code, stacks, SQLite's caches), which
// changes little.
std::size_t unused_resident_bytes() {
#if defined(__GLIBC__)
  auto info = mallinfo2();  // every arena
  auto in_use = info.uordblks + info.hblkhd;
  auto resident = resident_bytes();
  return resident > in_use ? resident - in_use : 0;
#else
  return 0;
#endif
}

}  // namespace

MemoryReturn::MemoryReturn(boost::asio::any_io_executor executor)
    : timer_(std::move(executor)), unused_after_last_(unused_resident_bytes()) {
  returns();
}

void MemoryReturn::start() {
  // Elsewhere there is nothing to give back: no timer.
  if (glibc_allocates()) wait();
}

void MemoryReturn::stop() {
  stopped_ = true;
  timer_.cancel();
}

bool MemoryReturn::look() {
#if defined(__GLIBC__)
  if (!glibc_allocates()) return false;
  auto unused = unused_resident_bytes();
  if (unused < unused_after_last_ + kept_bytes) {
    // Freed memory was reused or given back: that is the level from now on.
    unused_after_last_ = std::min(unused_after_last_, unused);
    return false;
  }
  malloc_trim(0);
  returns().inc();
  unused_after_last_ = unused_resident_bytes();
  return true;
#else
  return false;
#endif
}

void MemoryReturn::wait() {
  timer_.expires_after(interval);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    look();
    wait();
  });
}

}  // namespace baton
