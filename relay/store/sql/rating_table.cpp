#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {

bool SqlRatingTable::record(const RatingRecord& r) {
  auto& stmt = db_.prepare(
      "INSERT INTO ratings (survey_id, session_id, score, comment, agent_phone, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (survey_id) DO NOTHING");
  stmt.bind(1, r.survey_id).bind(2, r.session_id).bind(3, static_cast<std::int64_t>(r.score));
  stmt.bind(4, keys_.seal_text(r.session_id, r.comment)).bind(5, r.agent_phone).bind(6, r.at_ms);
  stmt.run();
  return db_.changes() > 0;
}

std::vector<RatingRecord> SqlRatingTable::of_session(std::string_view session_id) {
  auto& stmt = db_.prepare(
      "SELECT survey_id, score, comment, agent_phone, at_ms FROM ratings WHERE session_id = ?1 ORDER BY at_ms");
  stmt.bind(1, session_id);
  std::vector<RatingRecord> out;
  while (stmt.step()) {
    RatingRecord r;
    r.survey_id = stmt.text(0);
    r.session_id = std::string(session_id);
    r.score = static_cast<int>(stmt.integer(1));
    r.comment = keys_.open_text(session_id, stmt.text(2));
    r.agent_phone = stmt.text(3);
    r.at_ms = stmt.integer(4);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace baton::sql
