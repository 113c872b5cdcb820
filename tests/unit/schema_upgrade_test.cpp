// A database written by the previous release, brought up to date by the
// relay's migrations: nothing in it is lost, and the constraints still hold.

#include <doctest/doctest.h>

#include <string>

#include "relay/store/sql/migrations.hpp"
#include "relay/store/sqlite/schema.hpp"
#include "relay/store/sqlite_db.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using baton::sqlite::Database;

std::string text_of(Database& db, const std::string& sql) {
  auto& stmt = db.prepare(sql);
  std::string out = stmt.step() ? stmt.text(0) : "(no row)";
  stmt.run();
  return out;
}

std::int64_t number_of(Database& db, const std::string& sql) {
  auto& stmt = db.prepare(sql);
  std::int64_t out = stmt.step() ? stmt.integer(0) : -1;
  stmt.run();
  return out;
}

// Whether the statement is refused by a UNIQUE constraint.
bool refused_as_duplicate(Database& db, const std::string& sql) {
  try {
    db.prepare(sql).run();
  } catch (const baton::sql::Error& e) {
    return e.is_constraint();
  }
  return false;
}

std::string message_row(int seq, const std::string& cid, const std::string& wamid) {
  return "INSERT INTO messages (session_id, seq, id, cid, author, author_name, kind, text, status, ts_ms, "
         "inbound_wamid) VALUES ('s_1', " +
         std::to_string(seq) + ", 'm_" + std::to_string(seq) + "', " + cid + ", 'agent', 'Ana', 'text', 'hello " +
         std::to_string(seq) + "', 'sent', 1000, " + wamid + ")";
}

}  // namespace

TEST_CASE("schema: the upgrade that takes messages without a client id out of its index keeps every message") {
  baton::test::TempDir dir;
  const auto file = dir.path() / "baton.db";
  const auto steps = baton::sql::migrations();
  {
    // The database as the release before wrote it.
    Database db(file, Database::Mode::read_write);
    db.exec("PRAGMA journal_mode = WAL");
    for (std::size_t i = 0; i + 1 < steps.size(); ++i) db.exec(steps[i]);
    db.exec("PRAGMA user_version = " + std::to_string(steps.size() - 1));
    db.exec(
        "INSERT INTO sessions (id, token_hash, code, state, mode, created_ms, updated_ms, last_seq, context) "
        "VALUES ('s_1', 'hash', 'AB12', 'live', 'live', 1000, 1000, 3, x'')");
    db.exec(message_row(1, "NULL", "NULL"));
    db.exec(message_row(2, "'c_visitor'", "NULL"));
    db.exec(message_row(3, "NULL", "'wamid.IN1'"));
  }

  Database db(file, Database::Mode::read_write);
  db.exec("PRAGMA foreign_keys = ON");
  // A statement the version check left part way through made SQLite refuse
  // to drop the old table ("database table is locked").
  baton::sqlite::migrate(db);
  CHECK(number_of(db, "PRAGMA user_version") == static_cast<std::int64_t>(steps.size()));
  CHECK(text_of(db, "PRAGMA integrity_check") == "ok");
  CHECK(text_of(db, "PRAGMA foreign_key_check") == "(no row)");

  CHECK(number_of(db, "SELECT count(*) FROM messages WHERE session_id = 's_1'") == 3);
  CHECK(text_of(db, "SELECT text FROM messages WHERE session_id = 's_1' AND seq = 2") == "hello 2");
  CHECK(text_of(db, "SELECT id FROM messages WHERE session_id = 's_1' AND cid = 'c_visitor'") == "m_2");
  CHECK(text_of(db, "SELECT id FROM messages WHERE inbound_wamid = 'wamid.IN1'") == "m_3");

  // The visitor's client id is still unique in its chat, and so is a
  // WhatsApp id; messages without either are as many as there are.
  CHECK(refused_as_duplicate(db, message_row(4, "'c_visitor'", "NULL")));
  CHECK(refused_as_duplicate(db, message_row(4, "NULL", "'wamid.IN1'")));
  CHECK(refused_as_duplicate(db, message_row(3, "NULL", "NULL")));  // the chat's position
  db.exec(message_row(4, "NULL", "NULL"));
  db.exec(message_row(5, "NULL", "NULL"));

  // Only the message with a client id is in the client-id index: the pages
  // an agent's reply writes are one fewer.
  CHECK(number_of(db, "SELECT sum(ncell) FROM dbstat WHERE name = 'messages_by_cid' AND pagetype = 'leaf'") == 1);
  CHECK(number_of(db, "SELECT sum(ncell) FROM dbstat WHERE name = 'messages_by_wamid' AND pagetype = 'leaf'") == 1);
}
