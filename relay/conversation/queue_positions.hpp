#pragma once
// Where each waiting chat stands: how many chats of the same agent have
// waited longer, and how long chats have typically waited for an agent to
// write (the median of the last 20 waits; nothing until there are 3).

#include <map>
#include <string>

#include "common/protocol/server_frames.hpp"
#include "relay/store/store_tx.hpp"

namespace baton {

std::map<std::string, QueueUpdate> queue_positions(StoreTx& tx);

inline constexpr std::size_t typical_wait_sample = 20;
inline constexpr std::size_t typical_wait_minimum = 3;

}  // namespace baton
