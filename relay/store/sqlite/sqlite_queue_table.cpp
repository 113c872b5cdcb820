#include "relay/store/sqlite/sqlite_tables.hpp"

namespace baton::sqlite {

void SqliteQueueTable::start_wait(std::string_view session_id, std::int64_t since_ms) {
  auto& stmt = db_.prepare(
      "INSERT INTO queue_waits (session_id, since_ms, offered_ms) VALUES (?1, ?2, 0) "
      "ON CONFLICT (session_id) DO UPDATE SET since_ms = excluded.since_ms, offered_ms = 0");
  stmt.bind(1, session_id).bind(2, since_ms);
  stmt.run();
}

void SqliteQueueTable::end_wait(std::string_view session_id) {
  auto& stmt = db_.prepare("DELETE FROM queue_waits WHERE session_id = ?1");
  stmt.bind(1, session_id);
  stmt.run();
}

std::vector<std::string> SqliteQueueTable::overdue(std::int64_t before_ms, std::size_t limit) {
  auto& stmt = db_.prepare(
      "SELECT session_id FROM queue_waits WHERE offered_ms = 0 AND since_ms <= ?1 ORDER BY since_ms LIMIT ?2");
  stmt.bind(1, before_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.text(0));
  return out;
}

void SqliteQueueTable::mark_offered(std::string_view session_id, std::int64_t at_ms) {
  auto& stmt = db_.prepare("UPDATE queue_waits SET offered_ms = ?2 WHERE session_id = ?1");
  stmt.bind(1, session_id).bind(2, at_ms);
  stmt.run();
}

}  // namespace baton::sqlite
