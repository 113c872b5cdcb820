#include "relay/conversation/success_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <vector>

#include "common/time_format.hpp"
#include "relay/conversation/rate_card.hpp"

namespace baton {
namespace {

using boost::json::array;
using boost::json::object;

// One chat, as the metrics see it.
struct ChatFacts {
  std::string key;
  bool handed_off = false;
  std::optional<double> first_reply_s;
  std::optional<double> resolution_s;
  bool converted = false;
  std::map<std::string, double> value;  // per currency, of the conversions within the window
  bool resolved = false;
  ChatCost cost;
  std::vector<int> scores;  // the survey's answers (one per person who ended a chat with it)
};

struct Figures {
  std::int64_t chats = 0;
  std::int64_t handed_off = 0;
  std::vector<double> first_reply_s;
  std::vector<double> resolution_s;
  std::int64_t converted = 0;
  std::map<std::string, double> value;
  std::int64_t resolved = 0;
  ChatCost cost;
  std::int64_t ratings = 0;
  std::int64_t score_sum = 0;
  std::int64_t satisfied = 0;  // rated 4 or 5

  void add(const ChatFacts& chat) {
    ++chats;
    for (int score : chat.scores) {
      ++ratings;
      score_sum += score;
      if (score >= 4) ++satisfied;
    }
    if (chat.resolved) ++resolved;
    cost.whatsapp += chat.cost.whatsapp;
    cost.model += chat.cost.model;
    if (chat.handed_off) ++handed_off;
    if (chat.converted) ++converted;
    for (const auto& [currency, amount] : chat.value) value[currency] += amount;
    if (chat.first_reply_s) first_reply_s.push_back(*chat.first_reply_s);
    if (chat.resolution_s) resolution_s.push_back(*chat.resolution_s);
  }
};

// Nearest rank: the smallest value with at least `share` of them at or below it.
double nearest_rank(std::vector<double>& values, double share) {
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(std::ceil(share * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

boost::json::value durations(std::vector<double> values) {
  if (values.empty()) return object{{"count", 0}, {"median", nullptr}, {"p90", nullptr}};
  auto count = values.size();
  return object{{"count", count}, {"median", nearest_rank(values, 0.5)}, {"p90", nearest_rank(values, 0.9)}};
}

boost::json::value share(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return nullptr;
  return static_cast<double>(part) / static_cast<double>(whole);
}

// Costs to a hundredth of a cent: a model's tokens cost fractions of one.
double money(double amount) { return std::round(amount * 10000) / 10000; }

object figures_json(const Figures& f, bool priced) {
  object value;
  // Cents: sums of many prices drift in binary fractions.
  for (const auto& [currency, amount] : f.value) value[currency] = std::round(amount * 100) / 100;
  return object{
      {"chats", f.chats},
      {"handed_off", f.handed_off},
      {"handoff_rate", share(f.handed_off, f.chats)},
      {"first_reply_s", durations(f.first_reply_s)},
      {"resolution_s", durations(f.resolution_s)},
      {"converted", f.converted},
      {"conversion_rate", share(f.converted, f.chats)},
      {"conversion_value", std::move(value)},
      {"resolved", f.resolved},
      {"satisfaction",
       object{{"count", f.ratings},
              {"average", f.ratings > 0 ? boost::json::value(std::round(100.0 * static_cast<double>(f.score_sum) /
                                                                        static_cast<double>(f.ratings)) /
                                                             100.0)
                                        : boost::json::value(nullptr)},
              {"csat", share(f.satisfied, f.ratings)}}},
      {"cost", priced ? boost::json::value(object{{"whatsapp", money(f.cost.whatsapp)},
                                                  {"model", money(f.cost.model)},
                                                  {"total", money(f.cost.whatsapp + f.cost.model)}})
                      : boost::json::value(nullptr)},
      {"cost_per_resolution", priced && f.resolved > 0 ? boost::json::value(money((f.cost.whatsapp + f.cost.model) /
                                                                                  static_cast<double>(f.resolved)))
                                                       : boost::json::value(nullptr)}};
}

std::string group_key(const ChatMetricFacts& s, bool handed_off, const MetricsQuery& query) {
  switch (query.by) {
    case MetricsGrouping::day: return format_rfc3339(s.created_ms).substr(0, 10);
    case MetricsGrouping::agent: {
      if (!handed_off || s.agent_phone.empty()) return "(no person)";
      auto it = query.agent_names.find(s.agent_phone);
      return it != query.agent_names.end() ? it->second : s.agent_phone;
    }
    case MetricsGrouping::way: return handed_off ? std::string(to_string(s.mode)) : "(assistant only)";
  }
  return {};
}

ChatFacts facts_of(const ChatMetricFacts& s, const MetricsQuery& query, const std::optional<RateCard>& card,
                   std::set<std::string>& unpriced) {
  ChatFacts chat;
  auto since_asked = [&](std::int64_t ts_ms) { return static_cast<double>(ts_ms - *s.asked_ms) / 1000.0; };
  if (s.first_agent_ms) chat.first_reply_s = since_asked(*s.first_agent_ms);
  if (s.agent_left_ms) chat.resolution_s = since_asked(*s.agent_left_ms);
  // A call booked or a message left for the team is a handoff too, without
  // a live reply to time.
  chat.handed_off = s.asked_ms.has_value() || s.mode == HandoffMode::callback || s.mode == HandoffMode::email;
  // Resolved: by the assistant when it answered the last question and no
  // person was asked for; by a person when the agent ended the chat.
  chat.resolved = chat.handed_off ? chat.resolution_s.has_value()
                                  : s.last_assistant_outcome == AssistantOutcome::answered;
  chat.scores = s.scores;
  if (card) {
    chat.cost = cost_of(s.usage, *card);
    for (const auto& [category, count] : s.usage.billable_messages) {
      if (!card->whatsapp.contains(category)) unpriced.insert(category);
    }
  }
  for (const auto& c : s.conversions) {
    if (c.at_ms < s.created_ms || c.at_ms > s.created_ms + query.conversion_window_ms) continue;
    chat.converted = true;
    if (!c.currency.empty()) chat.value[c.currency] += c.value;
  }
  chat.key = group_key(s, chat.handed_off, query);
  return chat;
}

std::string_view grouping_name(MetricsGrouping by) {
  switch (by) {
    case MetricsGrouping::day: return "day";
    case MetricsGrouping::agent: return "agent";
    case MetricsGrouping::way: return "way";
  }
  return "day";
}

}  // namespace

object success_metrics(StoreTx& tx, const MetricsQuery& query) {
  auto chats = tx.metrics().chats(query.from_ms, query.to_ms, metrics_chat_limit + 1);
  bool truncated = chats.size() > metrics_chat_limit;
  if (truncated) chats.resize(metrics_chat_limit);
  auto card = stored_rate_card(tx);
  std::set<std::string> unpriced;
  Figures total, assistant_only, with_person;
  std::map<std::string, Figures> groups;
  for (const auto& s : chats) {
    auto chat = facts_of(s, query, card, unpriced);
    total.add(chat);
    groups[chat.key].add(chat);
    (chat.handed_off ? with_person : assistant_only).add(chat);
  }
  array rows;
  for (const auto& [key, figures] : groups) {
    auto row = figures_json(figures, card.has_value());
    row["key"] = key;
    rows.push_back(std::move(row));
  }
  array not_measured;
  if (!card) not_measured.emplace_back("cost_per_resolution");
  array unpriced_list;
  for (const auto& category : unpriced) unpriced_list.emplace_back(category);
  return object{{"from", format_rfc3339(query.from_ms)},
                {"to", format_rfc3339(query.to_ms)},
                {"by", grouping_name(query.by)},
                {"chats_read", chats.size()},
                {"truncated", truncated},
                {"total", figures_json(total, card.has_value())},
                {"assistant_only", figures_json(assistant_only, card.has_value())},
                {"with_person", figures_json(with_person, card.has_value())},
                {"currency", card ? boost::json::value(card->currency) : boost::json::value(nullptr)},
                {"unpriced_categories", std::move(unpriced_list)},
                {"groups", std::move(rows)},
                {"conversion_window_days", query.conversion_window_ms / (24LL * 3600 * 1000)},
                {"not_measured", std::move(not_measured)}};
}

std::string success_metrics_csv(const object& metrics) {
  auto number = [](const boost::json::value& v) -> std::string {
    if (v.is_null()) return "";
    if (v.is_double()) {
      char text[32];
      std::snprintf(text, sizeof text, "%.3f", v.get_double());
      return text;
    }
    return std::to_string(v.to_number<std::int64_t>());
  };
  // A key is a date, a way or an agent's name (which the owner typed): quoted.
  auto quoted = [](std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"') out += '"';
      out += c;
    }
    // A leading = + - @ would make a spreadsheet run it as a formula.
    if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos) out.insert(1, "'");
    return out + "\"";
  };
  auto line = [&](std::string_view key, const object& f) {
    const auto& reply = f.at("first_reply_s").as_object();
    const auto& resolution = f.at("resolution_s").as_object();
    return quoted(key) + "," + number(f.at("chats")) + "," + number(f.at("handed_off")) + "," +
           number(f.at("handoff_rate")) + "," + number(reply.at("count")) + "," + number(reply.at("median")) + "," +
           number(reply.at("p90")) + "," + number(resolution.at("count")) + "," + number(resolution.at("median")) +
           "," + number(resolution.at("p90")) + "," + number(f.at("converted")) + "," +
           number(f.at("conversion_rate")) + "," + number(f.at("resolved")) + "," +
           (f.at("cost").is_null() ? "" : number(f.at("cost").at("total"))) + "," +
           number(f.at("cost_per_resolution")) + "," + number(f.at("satisfaction").at("count")) + "," +
           number(f.at("satisfaction").at("average")) + "," + number(f.at("satisfaction").at("csat")) + "\r\n";
  };
  std::string out =
      std::string(metrics.at("by").as_string()) +
      ",chats,handed_off,handoff_rate,first_reply_count,first_reply_median_s,first_reply_p90_s,resolved_count,"
      "resolution_median_s,resolution_p90_s,converted,conversion_rate,resolved,cost,cost_per_resolution,ratings,rating_average,csat\r\n";
  for (const auto& group : metrics.at("groups").as_array()) {
    out += line(std::string_view(group.at("key").as_string()), group.as_object());
  }
  out += line("total", metrics.at("total").as_object());
  return out;
}

}  // namespace baton
