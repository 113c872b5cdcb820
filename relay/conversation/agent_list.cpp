#include "relay/conversation/agent_list.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/phone.hpp"
#include "common/web_url.hpp"
#include "relay/conversation/agent_directory.hpp"
#include "relay/core/json_fields.hpp"

namespace baton {
namespace {

namespace json = boost::json;

// A name agents type after /transfer and visitors read in the header: no
// control characters, no spaces around it.
bool readable_name(std::string_view name) {
  if (name.empty() || name.size() > max_agent_name_bytes || name.front() == ' ' || name.back() == ' ') return false;
  return std::none_of(name.begin(), name.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

}  // namespace

std::variant<std::vector<AgentConfig>, std::string> agent_list_from_json(const json::value& value,
                                                                         std::string_view business_number) {
  const auto* list = value.if_array();
  if (!list) return std::string("agents is a list of {\"name\", \"phone\", \"capacity\", \"photo\"}");
  if (list->size() > max_agents) return "at most " + std::to_string(max_agents) + " agents";
  // The flag may be written without the "+".
  auto own_number = normalize_e164(business_number.starts_with('+') ? std::string(business_number)
                                                                    : "+" + std::string(business_number));
  std::vector<AgentConfig> agents;
  for (const auto& item : *list) {
    auto n = std::to_string(agents.size() + 1);
    const auto* o = item.if_object();
    if (!o) return "agent " + n + " is not an object with a name and a phone";
    AgentConfig agent;
    agent.name = text_at(*o, "name");
    if (!readable_name(agent.name)) {
      return "agent " + n + ": a name of 1 to " + std::to_string(max_agent_name_bytes) +
             " characters, without spaces at either end";
    }
    auto phone = normalize_e164(text_at(*o, "phone"));
    if (!phone) return agent.name + ": the WhatsApp number is not an international number such as +15551230001";
    agent.phone = *phone;
    if (own_number && agent.phone == *own_number) {
      return agent.name + ": " + agent.phone + " is the business's own WhatsApp number; an agent needs their own";
    }
    if (const auto* capacity = o->if_contains("capacity"); capacity && !capacity->is_null()) {
      if (!capacity->is_int64() || capacity->as_int64() < 0 || capacity->as_int64() > max_agent_capacity) {
        return agent.name + ": capacity is the number of chats at once, 1 to " + std::to_string(max_agent_capacity) +
               " (empty: the relay's default)";
      }
      agent.capacity = capacity->as_int64();
    }
    agent.photo = text_at(*o, "photo");
    if (!agent.photo.empty() && !is_web_image_url(agent.photo)) {
      return agent.name + ": the photo is an http or https address of an image, at most 500 characters";
    }
    for (const auto& earlier : agents) {
      if (same_agent_name(earlier.name, agent.name)) return "two agents are called " + agent.name;
      if (earlier.phone == agent.phone) return earlier.name + " and " + agent.name + " have the same number";
    }
    agents.push_back(std::move(agent));
  }
  return agents;
}

json::value agent_list_to_json(const std::vector<AgentConfig>& agents) {
  json::array list;
  for (const auto& agent : agents) {
    json::object o{{"name", agent.name}, {"phone", agent.phone}, {"capacity", agent.capacity}};
    if (!agent.photo.empty()) o["photo"] = agent.photo;
    list.push_back(std::move(o));
  }
  return list;
}

}  // namespace baton
