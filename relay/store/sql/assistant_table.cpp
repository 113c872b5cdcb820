#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {

void SqlAssistantTable::record(const AssistantTurnRecord& t) {
  auto& stmt = db_.prepare(
      "INSERT INTO assistant_turns (session_id, question_seq, answer_seq, outcome, source, ts_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
  stmt.bind(1, t.session_id).bind(2, static_cast<std::int64_t>(t.question_seq));
  stmt.bind(3, static_cast<std::int64_t>(t.answer_seq)).bind(4, to_string(t.outcome)).bind(5, t.source);
  stmt.bind(6, t.ts_ms);
  stmt.run();
}

std::vector<AssistantTurnRecord> SqlAssistantTable::recent(std::string_view session_id, std::size_t limit) {
  auto& stmt = db_.prepare(
      "SELECT question_seq, answer_seq, outcome, source, ts_ms FROM assistant_turns "
      "WHERE session_id = ?1 ORDER BY question_seq DESC LIMIT ?2");
  stmt.bind(1, session_id).bind(2, static_cast<std::int64_t>(limit));
  std::vector<AssistantTurnRecord> out;
  while (stmt.step()) {
    AssistantTurnRecord t;
    t.session_id = std::string(session_id);
    t.question_seq = static_cast<std::uint64_t>(stmt.integer(0));
    t.answer_seq = static_cast<std::uint64_t>(stmt.integer(1));
    t.outcome = assistant_outcome_from_string(stmt.text(2));
    t.source = stmt.text(3);
    t.ts_ms = stmt.integer(4);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace baton::sql
