#pragma once
// Call-back slots: the business hours of the coming days cut into slots of
// --call-minutes, starting no sooner than --call-notice-minutes from now.
// Each agent takes one call per slot, so a slot is free while fewer calls
// are booked in it than there are agents. Pure: the caller reads bookings.

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "relay/availability/business_hours.hpp"

namespace baton {

struct CallSlot {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  friend bool operator==(const CallSlot&, const CallSlot&) = default;
};

struct SlotRules {
  std::int64_t length_ms = 30LL * 60 * 1000;
  std::int64_t notice_ms = 30LL * 60 * 1000;
  static constexpr int max_days = 14;
};

// Every slot in (now + notice, now + days) within the hours, holidays
// excluded (no hours: all day, in UTC). Slots line up from the start of each
// opening ("09:00, 09:30, ..."), or from local midnight when always open.
std::vector<CallSlot> slots_in_hours(const BusinessHours* hours, std::int64_t now_ms, int days, const SlotRules& rules);

// Those of `slots` with fewer than `per_slot` calls booked; `booked` counts
// booked calls by start time.
std::vector<CallSlot> free_slots(const std::vector<CallSlot>& slots, const std::map<std::int64_t, int>& booked,
                                 int per_slot);

}  // namespace baton
