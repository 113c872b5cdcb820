#pragma once
// A real SQLite database in a temporary folder, and a way to run the relay's
// transaction functions on it directly, without an event loop.

#include <functional>
#include <memory>

#include "relay/conversation/session_log.hpp"
#include "relay/store/sqlite/schema.hpp"
#include "relay/store/sqlite/sqlite_tables.hpp"
#include "tests/support/seeded_random.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_secret_key.hpp"

namespace baton::test {

class StoreFixture {
 public:
  StoreFixture()
      : db_(dir_ / "baton.db", sqlite::Database::Mode::read_write),
        keys_(dir_ / "chat-keys.db", sqlite::Database::Mode::read_write, test_secret_key()),
        tx_(db_, keys_) {
    db_.exec("PRAGMA journal_mode = WAL");
    sqlite::migrate(db_);
  }

  // Runs `work` in one transaction at time `now_ms`; returns its effects.
  template <class Work>
  Effects run(std::int64_t now_ms, Work&& work) {
    Effects effects;
    db_.exec("BEGIN IMMEDIATE");
    keys_.mark_job();
    try {
      SessionLog log(tx_, random_, effects, now_ms);
      work(log);
      keys_.commit_created();
      db_.exec("COMMIT");
      keys_.after_commit(true);
    } catch (...) {
      db_.exec("ROLLBACK");
      keys_.undo_job();
      keys_.after_commit(false);
      throw;
    }
    return effects;
  }

  StoreTx& tx() { return tx_; }
  SeededRandom& random() { return random_; }
  sqlite::Database& db() { return db_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  sqlite::Database db_;
  sqlite::ChatKeys keys_;
  sqlite::SqliteTx tx_;
  SeededRandom random_;
};

}  // namespace baton::test
