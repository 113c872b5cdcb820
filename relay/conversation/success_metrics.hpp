#pragma once
// The success metrics of the original plan, computed from the chats
// themselves (docs/metrics.md says exactly how): for the chats begun in a
// period, how many were handed to a person, how long the first agent reply
// took after the visitor asked, and how long until the agent ended the
// chat, and for how many the site counted a conversion within the owner's
// window; per day (UTC), per agent or per handoff way. Satisfaction and cost
// per resolution are not measured yet and say so.

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string>

#include "relay/store/store_tx.hpp"

namespace baton {

enum class MetricsGrouping { day, agent, way };

struct MetricsQuery {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  MetricsGrouping by = MetricsGrouping::day;
  std::map<std::string, std::string> agent_names;  // E.164 -> name
  // A conversion counts for a chat when it came at most this long after the chat began.
  std::int64_t conversion_window_ms = 7LL * 24 * 3600 * 1000;
};

// At most this many chats are read per query; more says "truncated".
inline constexpr std::size_t metrics_chat_limit = 20000;

// {"from","to","by","chats_read","truncated","total":{...},"groups":[{"key",...}],
//  "not_measured":[...]}; each figure set: chats, handed_off, handoff_rate,
// first_reply_s and resolution_s ({"count","median","p90"}, seconds),
// converted, conversion_rate and conversion_value ({"EUR": 42.5}).
boost::json::object success_metrics(StoreTx& tx, const MetricsQuery& query);

// The same groups as CSV, one row per group and a last "total" row.
std::string success_metrics_csv(const boost::json::object& metrics);

}  // namespace baton
