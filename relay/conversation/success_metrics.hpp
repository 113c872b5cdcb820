#pragma once
// The success metrics of the original plan, computed from the chats
// themselves (docs/metrics.md says exactly how): for the chats begun in a
// period, how many were handed to a person, how long the first agent reply
// took after the visitor asked, and how long until the agent ended the
// chat; per day (UTC), per agent or per handoff way. Satisfaction, cost per
// resolution and conversion are not measured yet and say so.

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
};

// At most this many chats are read per query; more says "truncated".
inline constexpr std::size_t metrics_chat_limit = 20000;

// {"from","to","by","chats_read","truncated","total":{...},"groups":[{"key",...}],
//  "not_measured":[...]}; each figure set: chats, handed_off, handoff_rate,
// first_reply_s and resolution_s ({"count","median","p90"}, seconds).
boost::json::object success_metrics(StoreTx& tx, const MetricsQuery& query);

// The same groups as CSV, one row per group and a last "total" row.
std::string success_metrics_csv(const boost::json::object& metrics);

}  // namespace baton
