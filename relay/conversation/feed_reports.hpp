#pragma once
// What the conversation hub tells the admin feed (relay/core/admin_feed.hpp)
// once a transaction has committed: each frame as it fans out, with how many
// tabs it reached, and what changed in the WhatsApp outbox. The event names
// and fields are listed in docs/console.md.

#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/json/object.hpp>

#include "common/protocol/server_frames.hpp"
#include "relay/conversation/effects.hpp"
#include "relay/core/metrics.hpp"
#include "relay/store/records.hpp"

namespace baton {

class AdminFeed;

// Messages committed and fanned out, on /metrics (and the console's figures).
metrics::Counter& messages_published();
// The success metrics' counters (docs/metrics.md): chats begun, and chats
// handed to a person by way.
metrics::Counter& chats_started();
metrics::Counter& handoffs(HandoffMode way);
// The success metrics that are counters (docs/metrics.md, "On /metrics"),
// counted from a committed transaction's effects.
void count_success_metrics(const Effects& effects);

void report_published(AdminFeed& feed, const std::string& session_id, const ServerFrame& frame, std::size_t tabs,
                      std::int64_t now_ms);
void report_outbox_changes(AdminFeed& feed, const Effects& effects, std::int64_t now_ms);
// A call as the console sees it: id, start, end, agent and visitor (masked),
// and who cancelled it, if anyone.
boost::json::object call_fields(const CallRecord& call);
// Call-backs booked, cancelled, reminded or over (the visitor's number masked).
void report_call_changes(AdminFeed& feed, const Effects& effects, std::int64_t now_ms);
void report_session_created(AdminFeed& feed, const SessionRecord& session, std::int64_t now_ms);
void report_availability(AdminFeed& feed, const AvailabilityChange& now, std::int64_t now_ms);

}  // namespace baton
