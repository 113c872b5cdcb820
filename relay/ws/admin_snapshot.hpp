#pragma once
// The first thing an admin stream sends after its hello (docs/console.md):
// where everything stands, read on one snapshot of the store, so that the
// live events that follow have something to apply to.

#include <boost/json/object.hpp>
#include <functional>

#include "relay/conversation/conversation_service.hpp"

namespace baton {

// The newest this many chats are in it; older ones appear when they change.
inline constexpr std::size_t snapshot_sessions = 2000;

// At most this many calls not yet over are in it, the earliest first.
inline constexpr std::size_t snapshot_calls = 500;

// The newest this many audit entries are in it.
inline constexpr std::size_t snapshot_audit = 200;

// {"type":"snapshot","t","sessions":[...],"agents":[...],"outbox":[...],
//  "mail":[...],"calls":[...],"audit":[...],"simulator":bool,"availability":{...}}
void read_admin_snapshot(ConversationService& service, std::function<void(Outcome<boost::json::object>)> done);

}  // namespace baton
