#pragma once
// The widget's state machine: one action in, the model changed, commands out.
// Pure apart from the clock and the randomness it is handed, so every path is
// tested natively (tests/unit/widget_*_test.cpp).

#include <cstdint>
#include <vector>

#include "client/core/local_time.hpp"
#include "client/core/model.hpp"
#include "common/random_source.hpp"

namespace baton::client {

struct Environment {
  std::int64_t now_ms = 0;
  RandomSource* random = nullptr;
  const LocalTime* local_time = nullptr;  // without it, times show in UTC
};

std::vector<Command> update(Model& model, const Action& action, const Environment& environment);

// Whether the relay takes files now: only a person reads them, so while an
// agent has the chat or waits for it, or a booked call keeps it with its agent.
bool takes_files(const Model& model);

// Reconnect delay after `attempts` failures: 0.5 s doubling to 30 s, with
// jitter between half and all of it; `unit` in [0, 1).
std::int64_t reconnect_delay_ms(std::uint32_t attempts, double unit);

}  // namespace baton::client
