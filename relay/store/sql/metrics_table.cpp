// The success metrics' reads. Three statements for a whole period: one row
// per chat with its timings, outcome, ratings and tokens (each a lookup by
// the chat's primary key or an index on session_id), then the charges and
// the conversions of those chats. Message kinds, authors and times are
// plain columns, so no chat's sealed text is opened.

#include <charconv>
#include <unordered_map>

#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {
namespace {

// The period's chats, as a subquery the three statements share (?1 from, ?2 to, ?3 limit).
constexpr std::string_view period_chats =
    "SELECT id FROM sessions WHERE created_ms >= ?1 AND created_ms < ?2 ORDER BY created_ms, id LIMIT ?3";

std::vector<int> scores_of(const std::string& list) {
  std::vector<int> scores;
  const char* at = list.data();
  const char* end = list.data() + list.size();
  while (at < end) {
    int score = 0;
    auto [next, ec] = std::from_chars(at, end, score);
    if (ec != std::errc()) break;
    scores.push_back(score);
    at = next + 1;  // past the comma
  }
  return scores;
}

}  // namespace

std::vector<ChatMetricFacts> SqlMetricsTable::chats(std::int64_t from_ms, std::int64_t to_ms, std::size_t limit) {
  auto bind_period = [&](Statement& stmt) {
    stmt.bind(1, from_ms).bind(2, to_ms).bind(3, static_cast<std::int64_t>(limit));
  };
  // SQLite's group_concat is PostgreSQL's string_agg.
  std::string scores = db_.dialect() == Dialect::postgres ? "string_agg(score::text, ',')" : "group_concat(score)";
  auto& rows = db_.prepare(
      "SELECT c.id, c.created_ms, c.mode, c.agent_phone, "
      " (SELECT ts_ms FROM messages WHERE session_id = c.id AND seq = c.asked_seq), "
      " (SELECT min(ts_ms) FROM messages WHERE session_id = c.id AND seq > c.asked_seq AND author = 'agent'), "
      " (SELECT min(ts_ms) FROM messages WHERE session_id = c.id AND seq > c.asked_seq AND kind = 'agent_left'), "
      " (SELECT outcome FROM assistant_turns WHERE session_id = c.id ORDER BY question_seq DESC LIMIT 1), "
      " (SELECT " +
      scores +
      " FROM ratings WHERE session_id = c.id), "
      " (SELECT coalesce(sum(input_tokens), 0) FROM model_usage WHERE session_id = c.id), "
      " (SELECT coalesce(sum(output_tokens), 0) FROM model_usage WHERE session_id = c.id) "
      "FROM (SELECT id, created_ms, mode, agent_phone, "
      "        (SELECT min(seq) FROM messages WHERE session_id = sessions.id AND kind = 'handoff_requested') "
      "          AS asked_seq "
      "      FROM sessions WHERE created_ms >= ?1 AND created_ms < ?2 ORDER BY created_ms, id LIMIT ?3) AS c "
      "ORDER BY c.created_ms, c.id");
  bind_period(rows);
  std::vector<ChatMetricFacts> out;
  std::unordered_map<std::string, std::size_t> index;
  auto optional_integer = [&](int column) {
    return rows.is_null(column) ? std::nullopt : std::optional<std::int64_t>(rows.integer(column));
  };
  while (rows.step()) {
    ChatMetricFacts chat;
    chat.session_id = rows.text(0);
    chat.created_ms = rows.integer(1);
    chat.mode = handoff_mode_from_string(rows.text(2)).value_or(HandoffMode::live);
    chat.agent_phone = rows.text(3);
    chat.asked_ms = optional_integer(4);
    if (chat.asked_ms) {
      chat.first_agent_ms = optional_integer(5);
      chat.agent_left_ms = optional_integer(6);
    }
    if (!rows.is_null(7)) chat.last_assistant_outcome = assistant_outcome_from_string(rows.text(7));
    if (!rows.is_null(8)) chat.scores = scores_of(rows.text(8));
    chat.usage.input_tokens = rows.integer(9);
    chat.usage.output_tokens = rows.integer(10);
    index.emplace(chat.session_id, out.size());
    out.push_back(std::move(chat));
  }
  if (out.empty()) return out;

  auto& charges = db_.prepare(
      "SELECT session_id, category, count(*) FROM wa_charges WHERE billable = 1 AND session_id IN (" +
      std::string(period_chats) + ") GROUP BY session_id, category");
  bind_period(charges);
  while (charges.step()) {
    if (auto it = index.find(charges.text(0)); it != index.end()) {
      out[it->second].usage.billable_messages[charges.text(1)] = charges.integer(2);
    }
  }
  auto& conversions = db_.prepare(
      "SELECT session_id, cid, event, value, currency, at_ms FROM conversions WHERE session_id IN (" +
      std::string(period_chats) + ") ORDER BY id");
  bind_period(conversions);
  while (conversions.step()) {
    if (auto it = index.find(conversions.text(0)); it != index.end()) {
      out[it->second].conversions.push_back(ConversionRecord{conversions.text(0), conversions.text(1),
                                                             conversions.text(2), conversions.real(3),
                                                             conversions.text(4), conversions.integer(5)});
    }
  }
  return out;
}

}  // namespace baton::sql
