#pragma once
// The agents as the admin page sets them (docs/admin.md, "Agents"): read
// from the page's JSON with a sentence for each problem, and written to the
// settings table and back. The flags' list (--agents) is the starting value.

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "relay/core/config.hpp"

namespace baton {

// Where the list lives in the settings table.
inline constexpr std::string_view agents_setting_key = "agents";
inline constexpr std::size_t max_agents = 50;
inline constexpr std::size_t max_agent_name_bytes = 60;
inline constexpr std::int64_t max_agent_capacity = 100;

// [{"name", "phone", "capacity"?, "photo"?}, ...]: names and numbers each
// once, numbers in E.164 and not the business's own, capacity 1 to 100 (0,
// null or absent: --agent-capacity), the photo an http(s) image address.
// The list, or what is wrong with it.
std::variant<std::vector<AgentConfig>, std::string> agent_list_from_json(const boost::json::value& value,
                                                                         std::string_view business_number);

boost::json::value agent_list_to_json(const std::vector<AgentConfig>& agents);

}  // namespace baton
