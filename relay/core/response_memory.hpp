#pragma once
// Bytes of answers held in memory at once, so that downloads cannot run the
// relay out of it. A file is read whole, decrypted, and held until its last
// byte is written: a visitor asking for one 16 MB file from two hundred
// slow connections held 3 GB for minutes (found on review). Every answer's
// body counts while the server holds it (`Held`); a file counts from just
// before it is read (`Reservation`), and one that would pass the limit is
// refused with 503 and Retry-After instead of read.

#include <atomic>
#include <cstddef>

namespace baton::response_memory {

inline constexpr std::size_t limit_bytes = std::size_t{256} << 20;

// What answers hold now, counted by both kinds below.
std::size_t in_use();

// Counts `bytes` while it lives: an answer's body from the handler's return
// until it is written.
class Held {
 public:
  explicit Held(std::size_t bytes);
  ~Held();
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;

 private:
  std::size_t bytes_;
};

// Room for a file about to be read. Empty (`ok()` false) when it would pass
// the limit. Lives until the answer carrying the file is made; the server's
// Held takes over from there.
class Reservation {
 public:
  Reservation() = default;
  static Reservation take(std::size_t bytes);
  Reservation(Reservation&& other) noexcept;
  Reservation& operator=(Reservation&& other) noexcept;
  ~Reservation();
  bool ok() const { return taken_; }

 private:
  std::size_t bytes_ = 0;
  bool taken_ = false;
};

}  // namespace baton::response_memory
