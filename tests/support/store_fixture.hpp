#pragma once
// A real database in a temporary folder, and a way to run the relay's
// transaction functions on it directly, without an event loop. SQLite by
// default; with BATON_TEST_STORE=postgres in the environment, a fresh
// database on the tests' PostgreSQL server (postgres_server.hpp), so that
// the same tests check the tables' SQL on both (tests/CMakeLists.txt).

#include <functional>
#include <memory>

#include "relay/conversation/session_log.hpp"
#include "relay/store/postgres/pg_schema.hpp"
#include "relay/store/sql/sql_tables.hpp"
#include "relay/store/sqlite/schema.hpp"
#include "tests/support/postgres_server.hpp"
#include "tests/support/seeded_random.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_secret_key.hpp"

namespace baton::test {

class StoreFixture {
 public:
  StoreFixture() {
    if (testing_on_postgres()) {
      auto db = std::make_unique<postgres::PgConnection>(shared_postgres().new_database());
      postgres::migrate(*db);
      keys_ = std::make_unique<sql::ChatKeys>(*db, test_secret_key());
      db_ = std::move(db);
    } else {
      auto db = std::make_unique<sqlite::Database>(dir_ / "baton.db", sqlite::Database::Mode::read_write);
      db->exec("PRAGMA journal_mode = WAL");
      sqlite::migrate(*db);
      keys_ = std::make_unique<sql::ChatKeys>(dir_ / "chat-keys.db", sqlite::Database::Mode::read_write,
                                              test_secret_key());
      db_ = std::move(db);
    }
    tx_ = std::make_unique<sql::SqlTx>(*db_, *keys_);
  }

  // Runs `work` in one transaction at time `now_ms`; returns its effects.
  template <class Work>
  Effects run(std::int64_t now_ms, Work&& work) {
    Effects effects;
    db_->exec(db_->dialect() == sql::Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    keys_->mark_job();
    try {
      SessionLog log(*tx_, random_, effects, now_ms);
      work(log);
      keys_->commit_created();
      db_->exec("COMMIT");
      keys_->after_commit(true);
    } catch (...) {
      db_->exec("ROLLBACK");
      keys_->undo_job();
      keys_->after_commit(false);
      throw;
    }
    return effects;
  }

  StoreTx& tx() { return *tx_; }
  SeededRandom& random() { return random_; }
  sql::Connection& db() { return *db_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::unique_ptr<sql::Connection> db_;
  std::unique_ptr<sql::ChatKeys> keys_;
  std::unique_ptr<sql::SqlTx> tx_;
  SeededRandom random_;
};

}  // namespace baton::test
