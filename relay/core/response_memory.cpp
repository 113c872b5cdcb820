#include "relay/core/response_memory.hpp"

#include <utility>

namespace baton::response_memory {
namespace {

// Threads: the event loop holds answers; a store's reader may reserve.
std::atomic<std::size_t> used{0};

}  // namespace

std::size_t in_use() { return used.load(std::memory_order_relaxed); }

Held::Held(std::size_t bytes) : bytes_(bytes) { used.fetch_add(bytes_, std::memory_order_relaxed); }
Held::~Held() { used.fetch_sub(bytes_, std::memory_order_relaxed); }

Reservation Reservation::take(std::size_t bytes) {
  Reservation out;
  auto now = used.load(std::memory_order_relaxed);
  do {
    if (now + bytes > limit_bytes) return out;  // the largest file (100 MB) fits alone
  } while (!used.compare_exchange_weak(now, now + bytes, std::memory_order_relaxed));
  out.bytes_ = bytes;
  out.taken_ = true;
  return out;
}

Reservation::Reservation(Reservation&& other) noexcept
    : bytes_(std::exchange(other.bytes_, 0)), taken_(std::exchange(other.taken_, false)) {}

Reservation& Reservation::operator=(Reservation&& other) noexcept {
  if (this != &other) {
    if (taken_) used.fetch_sub(bytes_, std::memory_order_relaxed);
    bytes_ = std::exchange(other.bytes_, 0);
    taken_ = std::exchange(other.taken_, false);
  }
  return *this;
}

Reservation::~Reservation() {
  if (taken_) used.fetch_sub(bytes_, std::memory_order_relaxed);
}

}  // namespace baton::response_memory
