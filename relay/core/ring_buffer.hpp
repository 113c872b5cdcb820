#pragma once
// A fixed-capacity buffer that keeps the newest items: pushing onto a full
// one overwrites the oldest. No allocation after construction.

#include <cstddef>
#include <vector>

namespace baton {

template <class T>
class RingBuffer {
 public:
  explicit RingBuffer(std::size_t capacity) : items_(capacity) {}

  void push(T item) {
    items_[(start_ + size_) % items_.size()] = std::move(item);
    if (size_ < items_.size()) {
      ++size_;
    } else {
      start_ = (start_ + 1) % items_.size();
    }
  }
  std::size_t size() const { return size_; }
  // 0 is the oldest item kept.
  const T& operator[](std::size_t i) const { return items_[(start_ + i) % items_.size()]; }

 private:
  std::vector<T> items_;
  std::size_t start_ = 0;
  std::size_t size_ = 0;
};

}  // namespace baton
