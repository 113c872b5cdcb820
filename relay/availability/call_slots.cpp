#include "relay/availability/call_slots.hpp"

namespace baton {
namespace {

constexpr std::int64_t day_ms = 24LL * 3600 * 1000;

std::int64_t round_up(std::int64_t value, std::int64_t step) { return (value + step - 1) / step * step; }

}  // namespace

std::vector<CallSlot> slots_in_hours(const BusinessHours* hours, std::int64_t now_ms, int days,
                                     const SlotRules& rules) {
  std::vector<CallSlot> out;
  if (days <= 0 || rules.length_ms <= 0) return out;
  auto earliest = now_ms + rules.notice_ms;
  auto until = now_ms + static_cast<std::int64_t>(days) * day_ms;
  auto add_from = [&](std::int64_t anchor, std::int64_t end) {
    auto start = anchor;
    // Skip the slots before the earliest one, keeping the grid.
    if (start < earliest) start += round_up(earliest - start, rules.length_ms);
    for (; start + rules.length_ms <= end && start < until; start += rules.length_ms) {
      out.push_back(CallSlot{start, start + rules.length_ms});
    }
  };
  if (!hours) {
    add_from(round_up(earliest, rules.length_ms), until);
    return out;
  }
  // Read from a day back so an opening under way keeps its own grid; one
  // that began even earlier (or never closes) is lined up on local midnight.
  auto from = now_ms - day_ms;
  for (auto [start, end] : hours->open_intervals(from, until)) {
    auto anchor = start == from ? hours->start_of_local_day(earliest) : start;
    add_from(anchor, end);
  }
  return out;
}

std::vector<CallSlot> free_slots(const std::vector<CallSlot>& slots, const std::map<std::int64_t, int>& booked,
                                 int per_slot) {
  std::vector<CallSlot> out;
  for (const auto& slot : slots) {
    auto it = booked.find(slot.start_ms);
    if ((it == booked.end() ? 0 : it->second) < per_slot) out.push_back(slot);
  }
  return out;
}

}  // namespace baton
