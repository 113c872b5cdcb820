// jemalloc's settings, read by jemalloc itself from this symbol when the
// relay starts (linked only where jemalloc is, see relay/CMakeLists.txt).
//
// Freed pages go back to the operating system a second after they were last
// used (dirty_decay_ms; jemalloc's default is 10 s), straight away rather than
// through a second "muzzy" stage, and a background thread does it, so that
// no request waits for the madvise calls. This does for jemalloc what
// MemoryReturn does for glibc's allocator: after a crowd of tabs leaves, the
// relay's memory falls back to its baseline within seconds.

extern "C" {
// The name jemalloc looks for: unmangled, and not static.
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
