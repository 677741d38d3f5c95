// sim/event_ring.h — the run's event ids in LEAN's list order, as a ring:
// SortFirstElement moves the head back to its new place by shifting the
// shorter side, so an event that moves to the end (every daily event after
// it fires) costs nothing, where a vector's rotate moved the whole list.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace trainsim {

class EventRing {
 public:
  void assign(const std::vector<std::uint32_t>& ids) {
    std::size_t capacity = 1;
    while (capacity < ids.size()) capacity *= 2;
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    first_ = 0;
    size_ = ids.size();
    for (std::size_t i = 0; i < ids.size(); ++i) slots_[i] = ids[i];
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::uint32_t operator[](std::size_t i) const { return slots_[(first_ + i) & mask_]; }
  void pop_front() {
    first_ = (first_ + 1) & mask_;
    --size_;
  }
  // The front element moved to index k (1 <= k < size): those at 1..k move
  // one place forward, as std::rotate(begin, begin + 1, begin + k + 1) does.
  void move_front_to(std::size_t k) {
    const std::uint32_t front = (*this)[0];
    if (k < size_ - 1 - k) {  // shift 1..k towards the front
      for (std::size_t i = 0; i < k; ++i) slot(i) = (*this)[i + 1];
      slot(k) = front;
    } else {  // drop the front, shift k+1..size-1 one place on, into the slot past the end
      for (std::size_t i = size_; i > k + 1; --i) slot(i) = (*this)[i - 1];
      slot(k + 1) = front;
      first_ = (first_ + 1) & mask_;
    }
  }

 private:
  std::uint32_t& slot(std::size_t i) { return slots_[(first_ + i) & mask_]; }

  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0, first_ = 0, size_ = 0;
};

}  // namespace trainsim
