#pragma once
// One message's path through the relay (GET /v1/admin/trace, and the
// console's trace box), found by its id, the widget's client id or a
// WhatsApp message id. Two sources, each the one that knows:
//   - the store says what is durable: the message as stored (session, seq,
//     status) and the outbox row that carried it to WhatsApp, if any;
//   - the admin feed's journal (relay/core/admin_feed.hpp) says when each
//     stage happened: stored and fanned out to n tabs, queued, each Cloud
//     API call, each status webhook. It holds the newest
//     AdminFeed::journal_limit events, so an old message has only the first.

#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "relay/conversation/conversation_service.hpp"

namespace baton {

// Answers with {"query","message"|null,"outbox"|null,"events":[...]}.
void trace_message(ConversationService& service, std::string key,
                   std::function<void(Outcome<boost::json::object>)> done);

// The journal part alone: events that mention `key`, then those that
// mention an id the first ones named (the row, the wamid, the message).
boost::json::array traced_events(const std::vector<std::string>& keys);

}  // namespace baton
