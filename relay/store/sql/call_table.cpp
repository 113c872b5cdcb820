#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {
namespace {

constexpr std::string_view columns =
    "id, session_id, start_ms, end_ms, agent_phone, visitor_phone, visitor_name, state, reminded_ms, created_ms, "
    "cancelled_ms, cancelled_by";

// The visitor's name and number are sealed with the chat's key; a keyed
// hash of the number finds the call for export and erase.
CallRecord read_call(const Statement& row, ChatKeys& keys) {
  CallRecord c;
  c.id = row.integer(0);
  c.session_id = row.text(1);
  c.start_ms = row.integer(2);
  c.end_ms = row.integer(3);
  c.agent_phone = row.text(4);
  c.visitor_phone = keys.open_text(c.session_id, row.text(5));
  c.visitor_name = keys.open_text(c.session_id, row.text(6));
  c.state = call_state_from_string(row.text(7));
  c.reminded_ms = row.integer(8);
  c.created_ms = row.integer(9);
  c.cancelled_ms = row.integer(10);
  c.cancelled_by = row.text(11);
  return c;
}

std::string select(std::string_view rest) {
  return "SELECT " + std::string(columns) + " FROM calls " + std::string(rest);
}

}  // namespace

std::vector<CallRecord> SqlCallTable::read_all(Statement& stmt) {
  std::vector<CallRecord> out;
  while (stmt.step()) out.push_back(read_call(stmt, keys_));
  return out;
}

std::vector<CallRecord> SqlCallTable::for_session(std::string_view session_id) {
  auto& stmt = db_.prepare(select("WHERE session_id = ?1 ORDER BY id"));
  stmt.bind(1, session_id);
  return read_all(stmt);
}

std::int64_t SqlCallTable::insert(const CallRecord& c) {
  auto& stmt = db_.prepare(
      "INSERT INTO calls (session_id, start_ms, end_ms, agent_phone, visitor_phone, visitor_name, state, "
      "reminded_ms, created_ms, cancelled_ms, cancelled_by, visitor_phone_index) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
      "?8, ?9, ?10, ?11, ?12) RETURNING id");
  stmt.bind(1, c.session_id).bind(2, c.start_ms).bind(3, c.end_ms).bind(4, c.agent_phone);
  stmt.bind(5, keys_.seal_text(c.session_id, c.visitor_phone)).bind(6, keys_.seal_text(c.session_id, c.visitor_name));
  stmt.bind(7, to_string(c.state)).bind(8, c.reminded_ms).bind(9, c.created_ms);
  stmt.bind(10, c.cancelled_ms).bind(11, c.cancelled_by).bind(12, keys_.visitor_index(c.visitor_phone));
  try {
    stmt.step();
  } catch (const Error& e) {
    if (e.is_constraint()) throw DuplicateKey(e.what());
    throw;
  }
  auto id = stmt.integer(0);
  stmt.run();
  return id;
}

std::optional<CallRecord> SqlCallTable::read_one(Statement& stmt) {
  auto all = read_all(stmt);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::optional<CallRecord> SqlCallTable::find(std::int64_t id) {
  auto& stmt = db_.prepare(select("WHERE id = ?1"));
  stmt.bind(1, id);
  return read_one(stmt);
}

std::optional<CallRecord> SqlCallTable::booked_for_session(std::string_view session_id, std::int64_t now_ms) {
  auto& stmt = db_.prepare(select("WHERE session_id = ?1 AND state = 'booked' AND end_ms > ?2"));
  stmt.bind(1, session_id).bind(2, now_ms);
  return read_one(stmt);
}

std::optional<CallRecord> SqlCallTable::latest_for_session(std::string_view session_id) {
  auto& stmt = db_.prepare(select("WHERE session_id = ?1 ORDER BY id DESC LIMIT 1"));
  stmt.bind(1, session_id);
  return read_one(stmt);
}

std::vector<CallRecord> SqlCallTable::booked_between(std::int64_t from_ms, std::int64_t to_ms) {
  auto& stmt = db_.prepare(select("WHERE state = 'booked' AND start_ms >= ?1 AND start_ms < ?2 ORDER BY start_ms, id"));
  stmt.bind(1, from_ms).bind(2, to_ms);
  return read_all(stmt);
}

std::vector<CallRecord> SqlCallTable::due_reminders(std::int64_t start_by_ms, std::int64_t now_ms) {
  auto& stmt = db_.prepare(
      select("WHERE state = 'booked' AND reminded_ms = 0 AND start_ms <= ?1 AND end_ms > ?2 ORDER BY start_ms, id") +
      // Locked in a write: two relays' reminder runs take turns, and the
      // second finds the calls the first reminded of no longer due.
      lock_clause(locks_));
  stmt.bind(1, start_by_ms).bind(2, now_ms);
  return read_all(stmt);
}

void SqlCallTable::update(const CallRecord& c) {
  auto& stmt = db_.prepare(
      "UPDATE calls SET state = ?2, reminded_ms = ?3, cancelled_ms = ?4, cancelled_by = ?5 WHERE id = ?1");
  stmt.bind(1, c.id).bind(2, to_string(c.state)).bind(3, c.reminded_ms).bind(4, c.cancelled_ms);
  stmt.bind(5, c.cancelled_by);
  stmt.run();
}

std::size_t SqlCallTable::move_to_agent(std::string_view from_phone, std::string_view to_phone, std::int64_t now_ms) {
  auto& stmt = db_.prepare(
      "UPDATE calls SET agent_phone = ?2 WHERE agent_phone = ?1 AND state = 'booked' AND end_ms > ?3");
  stmt.bind(1, from_phone).bind(2, to_phone).bind(3, now_ms);
  stmt.run();
  return static_cast<std::size_t>(db_.changes());
}

std::vector<CallRecord> SqlCallTable::finish_past(std::int64_t now_ms) {
  auto& stmt = db_.prepare("UPDATE calls SET state = 'done' WHERE state = 'booked' AND end_ms <= ?1 RETURNING " +
                           std::string(columns));
  stmt.bind(1, now_ms);
  return read_all(stmt);
}

bool SqlCallTable::any_past(std::int64_t now_ms) {
  auto& stmt = db_.prepare("SELECT 1 FROM calls WHERE state = 'booked' AND end_ms <= ?1 LIMIT 1");
  stmt.bind(1, now_ms);
  bool found = stmt.step();
  stmt.run();
  return found;
}

std::vector<CallRecord> SqlCallTable::upcoming(std::int64_t from_ms, std::size_t limit) {
  auto& stmt = db_.prepare(select("WHERE end_ms > ?1 ORDER BY start_ms, id LIMIT ?2"));
  stmt.bind(1, from_ms).bind(2, static_cast<std::int64_t>(limit));
  return read_all(stmt);
}

}  // namespace baton::sql
