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

namespace baton::test {

class StoreFixture {
 public:
  StoreFixture() : db_(dir_ / "baton.db", sqlite::Database::Mode::read_write), tx_(db_) {
    db_.exec("PRAGMA journal_mode = WAL");
    sqlite::migrate(db_);
  }

  // Runs `work` in one transaction at time `now_ms`; returns its effects.
  template <class Work>
  Effects run(std::int64_t now_ms, Work&& work) {
    Effects effects;
    db_.exec("BEGIN IMMEDIATE");
    try {
      SessionLog log(tx_, random_, effects, now_ms);
      work(log);
      db_.exec("COMMIT");
    } catch (...) {
      db_.exec("ROLLBACK");
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
  sqlite::SqliteTx tx_;
  SeededRandom random_;
};

}  // namespace baton::test
