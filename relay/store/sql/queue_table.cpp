#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {

void SqlQueueTable::start_wait(std::string_view session_id, std::int64_t since_ms) {
  auto& stmt = db_.prepare(
      "INSERT INTO queue_waits (session_id, since_ms, offered_ms) VALUES (?1, ?2, 0) "
      "ON CONFLICT (session_id) DO UPDATE SET since_ms = excluded.since_ms, offered_ms = 0");
  stmt.bind(1, session_id).bind(2, since_ms);
  stmt.run();
}

void SqlQueueTable::end_wait(std::string_view session_id) {
  auto& stmt = db_.prepare("DELETE FROM queue_waits WHERE session_id = ?1");
  stmt.bind(1, session_id);
  stmt.run();
}

std::vector<std::string> SqlQueueTable::overdue(std::int64_t before_ms, std::size_t limit) {
  auto& stmt = db_.prepare(
      "SELECT session_id FROM queue_waits WHERE offered_ms = 0 AND since_ms <= ?1 ORDER BY since_ms LIMIT ?2" +
      lock_clause(locks_));
  stmt.bind(1, before_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.text(0));
  return out;
}

void SqlQueueTable::mark_offered(std::string_view session_id, std::int64_t at_ms) {
  auto& stmt = db_.prepare("UPDATE queue_waits SET offered_ms = ?2 WHERE session_id = ?1");
  stmt.bind(1, session_id).bind(2, at_ms);
  stmt.run();
}

std::optional<std::int64_t> SqlQueueTable::since(std::string_view session_id) {
  auto& stmt = db_.prepare("SELECT since_ms FROM queue_waits WHERE session_id = ?1");
  stmt.bind(1, session_id);
  if (!stmt.step()) return std::nullopt;
  auto since = stmt.integer(0);
  stmt.run();
  return since;
}

std::vector<std::pair<std::string, std::string>> SqlQueueTable::waiting() {
  auto& stmt = db_.prepare(
      "SELECT q.session_id, s.agent_phone FROM queue_waits q JOIN sessions s ON s.id = q.session_id "
      "WHERE s.state = 'waiting' ORDER BY q.since_ms, q.session_id");
  std::vector<std::pair<std::string, std::string>> out;
  while (stmt.step()) out.emplace_back(stmt.text(0), stmt.text(1));
  return out;
}

void SqlQueueTable::record_wait(std::int64_t waited_ms, std::int64_t ended_ms) {
  auto& stmt = db_.prepare("INSERT INTO wait_history (waited_ms, ended_ms) VALUES (?1, ?2) RETURNING id");
  stmt.bind(1, waited_ms).bind(2, ended_ms);
  stmt.step();
  auto id = stmt.integer(0);
  stmt.run();
  // Only the newest waits make the typical wait: keep a bounded history.
  auto& prune = db_.prepare("DELETE FROM wait_history WHERE id <= ?1");
  prune.bind(1, id - kept_waits);
  prune.run();
}

std::vector<std::int64_t> SqlQueueTable::recent_waits(std::size_t limit) {
  auto& stmt = db_.prepare("SELECT waited_ms FROM wait_history ORDER BY id DESC LIMIT ?1");
  stmt.bind(1, static_cast<std::int64_t>(limit));
  std::vector<std::int64_t> out;
  while (stmt.step()) out.push_back(stmt.integer(0));
  return out;
}

}  // namespace baton::sql
