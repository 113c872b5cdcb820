#include "relay/store/sqlite/legacy_sealing.hpp"

#include <string>
#include <vector>

namespace baton::sqlite {
namespace {

// Chats sealed per transaction: bounded, so one commit never holds the
// writer for long on a large database.
constexpr int chats_per_commit = 64;

struct Row {
  std::string key;  // rowid or primary key, as text
  std::vector<std::string> values;
};

// Every row of `select` (its first column the row's key), read before any
// is rewritten.
std::vector<Row> rows(Database& db, std::string_view select, std::string_view session_id, int value_count) {
  auto& stmt = db.prepare(select);
  stmt.bind(1, session_id);
  std::vector<Row> out;
  while (stmt.step()) {
    Row row{stmt.text(0), {}};
    for (int i = 1; i <= value_count; ++i) row.values.push_back(stmt.is_null(i) ? std::string() : stmt.blob(i));
    out.push_back(std::move(row));
  }
  return out;
}

void seal_chat(Database& db, ChatKeys& keys, const std::string& id) {
  for (auto& row : rows(db, "SELECT id, context, visitor_email, visitor_phone FROM sessions WHERE id = ?1", id, 3)) {
    auto& stmt = db.prepare(
        "UPDATE sessions SET context = ?2, visitor_email = ?3, visitor_phone = ?4, sealed = 1 WHERE id = ?1");
    stmt.bind(1, id).bind_blob(2, keys.seal_bytes(id, row.values[0]));
    stmt.bind(3, keys.visitor_index(row.values[1])).bind(4, keys.visitor_index(row.values[2]));
    stmt.run();
  }
  for (auto& row : rows(db, "SELECT rowid, text, author_name FROM messages WHERE session_id = ?1", id, 2)) {
    auto& stmt = db.prepare("UPDATE messages SET text = ?2, author_name = ?3 WHERE rowid = ?1");
    stmt.bind(1, std::stoll(row.key)).bind(2, keys.seal_text(id, row.values[0]));
    stmt.bind(3, keys.seal_text(id, row.values[1]));
    stmt.run();
  }
  for (auto& row : rows(db, "SELECT id, body FROM outbox WHERE session_id = ?1", id, 1)) {
    auto& stmt = db.prepare("UPDATE outbox SET body = ?2 WHERE id = ?1");
    stmt.bind(1, std::stoll(row.key)).bind(2, keys.seal_text(id, row.values[0]));
    stmt.run();
  }
  for (auto& row : rows(db, "SELECT id, message FROM mail_outbox WHERE session_id = ?1", id, 1)) {
    auto& stmt = db.prepare("UPDATE mail_outbox SET message = ?2 WHERE id = ?1");
    stmt.bind(1, std::stoll(row.key)).bind(2, keys.seal_text(id, row.values[0]));
    stmt.run();
  }
  for (auto& row : rows(db, "SELECT id, visitor_phone, visitor_name FROM calls WHERE session_id = ?1", id, 2)) {
    auto& stmt = db.prepare(
        "UPDATE calls SET visitor_phone = ?2, visitor_name = ?3, visitor_phone_index = ?4 WHERE id = ?1");
    stmt.bind(1, std::stoll(row.key)).bind(2, keys.seal_text(id, row.values[0]));
    stmt.bind(3, keys.seal_text(id, row.values[1])).bind(4, keys.visitor_index(row.values[0]));
    stmt.run();
  }
  for (auto& row : rows(db, "SELECT wamid, summary FROM wa_inbound WHERE session_id = ?1", id, 1)) {
    auto& stmt = db.prepare("UPDATE wa_inbound SET summary = ?2 WHERE wamid = ?1");
    stmt.bind(1, row.key).bind(2, keys.seal_text(id, row.values[0]));
    stmt.run();
  }
}

}  // namespace

std::size_t seal_legacy_chats(Database& db, ChatKeys& keys) {
  std::size_t sealed = 0;
  for (;;) {
    std::vector<std::string> ids;
    auto& pick = db.prepare("SELECT id FROM sessions WHERE sealed = 0 LIMIT ?1");
    pick.bind(1, std::int64_t{chats_per_commit});
    while (pick.step()) ids.push_back(pick.text(0));
    if (ids.empty()) break;
    // A key made by an earlier start that stopped before its commit is
    // used again: the chat's data is still plain either way.
    for (const auto& id : ids) {
      if (!keys.has_key(id)) keys.create(id);
    }
    keys.commit_created();
    db.exec("BEGIN IMMEDIATE");
    try {
      for (const auto& id : ids) seal_chat(db, keys, id);
      db.finish_statements();
      db.exec("COMMIT");
    } catch (...) {
      db.finish_statements();
      db.exec("ROLLBACK");
      throw;
    }
    sealed += ids.size();
  }
  if (sealed > 0) db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return sealed;
}

}  // namespace baton::sqlite
