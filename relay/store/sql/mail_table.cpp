#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {
namespace {

constexpr std::string_view columns =
    "id, session_id, purpose, recipient, message, state, attempts, next_attempt_ms, last_error, created_ms, "
    "settled_ms";

// The message is sealed with the chat's key (chat_keys.hpp).
MailRecord read_mail(const Statement& row, ChatKeys& keys) {
  MailRecord m;
  m.id = row.integer(0);
  m.session_id = row.text(1);
  m.purpose = row.text(2);
  m.recipient = row.text(3);
  m.message = keys.open_text(m.session_id, row.text(4));
  m.state = mail_state_from_string(row.text(5));
  m.attempts = row.integer(6);
  m.next_attempt_ms = row.integer(7);
  m.last_error = row.text(8);
  m.created_ms = row.integer(9);
  m.settled_ms = row.integer(10);
  return m;
}

}  // namespace

std::int64_t SqlMailTable::insert(const MailRecord& m) {
  auto& stmt = db_.prepare(
      "INSERT INTO mail_outbox (session_id, purpose, recipient, message, state, attempts, next_attempt_ms, "
      "last_error, created_ms, settled_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");
  stmt.bind(1, m.session_id).bind(2, m.purpose).bind(3, m.recipient).bind(4, keys_.seal_text(m.session_id, m.message));
  stmt.bind(5, to_string(m.state)).bind(6, m.attempts).bind(7, m.next_attempt_ms).bind(8, m.last_error);
  stmt.bind(9, m.created_ms).bind(10, m.settled_ms);
  stmt.step();
  auto id = stmt.integer(0);
  stmt.run();
  return id;
}

std::vector<MailRecord> SqlMailTable::due(std::int64_t now_ms, std::size_t limit) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM mail_outbox WHERE state = 'pending' AND next_attempt_ms <= ?1 ORDER BY id LIMIT ?2" +
                           lock_clause(locks_));
  stmt.bind(1, now_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<MailRecord> out;
  while (stmt.step()) out.push_back(read_mail(stmt, keys_));
  return out;
}

std::vector<MailRecord> SqlMailTable::for_session(std::string_view session_id) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) + " FROM mail_outbox WHERE session_id = ?1 ORDER BY id");
  stmt.bind(1, session_id);
  std::vector<MailRecord> out;
  while (stmt.step()) out.push_back(read_mail(stmt, keys_));
  return out;
}

std::optional<MailRecord> SqlMailTable::find(std::int64_t id) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) + " FROM mail_outbox WHERE id = ?1");
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  auto mail = read_mail(stmt, keys_);
  stmt.run();
  return mail;
}

void SqlMailTable::update(const MailRecord& m) {
  auto& stmt = db_.prepare(
      "UPDATE mail_outbox SET state = ?2, attempts = ?3, next_attempt_ms = ?4, last_error = ?5, settled_ms = ?6 "
      "WHERE id = ?1");
  stmt.bind(1, m.id).bind(2, to_string(m.state)).bind(3, m.attempts).bind(4, m.next_attempt_ms);
  stmt.bind(5, m.last_error).bind(6, m.settled_ms);
  stmt.run();
}

std::int64_t SqlMailTable::prune(std::int64_t before_ms) {
  auto& stmt = db_.prepare("DELETE FROM mail_outbox WHERE state != 'pending' AND settled_ms < ?1");
  stmt.bind(1, before_ms);
  stmt.run();
  return db_.changes();
}

std::vector<MailRecord> SqlMailTable::recent(std::size_t limit) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) + " FROM mail_outbox ORDER BY id DESC LIMIT ?1");
  stmt.bind(1, static_cast<std::int64_t>(limit));
  std::vector<MailRecord> out;
  while (stmt.step()) out.push_back(read_mail(stmt, keys_));
  return out;
}

std::int64_t SqlMailTable::count_since(std::string_view purpose, std::string_view recipient, std::int64_t since_ms) {
  // One mailbox however its address is spelled (found on review: each
  // spelling of a victim's address had a daily allowance of its own).
  auto& stmt = db_.prepare(
      "SELECT count(*) FROM mail_outbox WHERE purpose = ?1 AND (?2 = '' OR lower(recipient) = lower(?2)) AND "
      "created_ms >= ?3");
  stmt.bind(1, purpose).bind(2, recipient).bind(3, since_ms);
  stmt.step();
  auto n = stmt.integer(0);
  stmt.run();
  return n;
}

}  // namespace baton::sql
