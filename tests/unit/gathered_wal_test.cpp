// The writer's VFS that gathers WAL writes (relay/store/gathered_wal.hpp):
// a commit reaches the log in a few writes, every size of commit (past the
// unix VFS's 128 KiB a call, past the 4 MiB flush) reads back whole from
// another connection, and a process that dies with frames still gathered
// leaves exactly its committed transactions.

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "relay/store/gathered_wal.hpp"
#include "relay/store/sqlite_db.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlite = baton::sqlite;

namespace {

void open_log(sqlite::Database& db) {
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
}

// Commits `count` rows of `size` bytes each, in one transaction.
void commit_rows(sqlite::Database& db, int first, int count, std::size_t size) {
  db.exec("BEGIN IMMEDIATE");
  for (int i = first; i < first + count; ++i) {
    db.prepare("INSERT INTO rows (id, body) VALUES (?1, ?2)")
        .bind(1, std::int64_t{i})
        .bind_blob(2, std::string(size, static_cast<char>('a' + i % 26)))
        .run();
  }
  db.exec("COMMIT");
}

std::int64_t count_rows(const std::filesystem::path& file, std::size_t size) {
  sqlite::Database reader(file, sqlite::Database::Mode::read_only);
  auto& stmt = reader.prepare("SELECT id, body FROM rows ORDER BY id");
  std::int64_t n = 0;
  while (stmt.step()) {
    auto id = stmt.integer(0);
    CHECK(stmt.blob(1) == std::string(size, static_cast<char>('a' + id % 26)));
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("gathered WAL: a commit of many pages reaches the log in a few writes, and reads back whole") {
  baton::test::TempDir dir;
  auto file = dir / "log.db";
  sqlite::Database db(file, sqlite::Database::Mode::read_write);
  open_log(db);
  commit_rows(db, 0, 1, 3000);
  auto before = sqlite::gathered_wal_counts();
  // About 20 pages: 40 pieces (a header and a page each) from SQLite.
  commit_rows(db, 1, 20, 3000);
  auto after = sqlite::gathered_wal_counts();
  CHECK(after.pieces - before.pieces >= 40);
  CHECK(after.file_writes - before.file_writes <= 2);
  CHECK(count_rows(file, 3000) == 21);
}

TEST_CASE("gathered WAL: commits of every size, past one write's 128 KiB and past the 4 MiB flush") {
  baton::test::TempDir dir;
  auto file = dir / "sizes.db";
  {
    sqlite::Database db(file, sqlite::Database::Mode::read_write);
    open_log(db);
    int next = 0;
    // 1 row; 32 rows of 4 KiB (exactly 128 KiB of pages and more with their
    // headers); 1,500 rows of 4 KiB (over 6 MiB).
    for (int rows : {1, 31, 32, 33, 1500}) {
      CAPTURE(rows);
      commit_rows(db, next, rows, 4096);
      next += rows;
      CHECK(count_rows(file, 4096) == next);
    }
  }
  CHECK(count_rows(file, 4096) == 1 + 31 + 32 + 33 + 1500);
}

TEST_CASE("gathered WAL: a process that dies mid-transaction leaves exactly what it committed") {
  baton::test::TempDir dir;
  auto file = dir / "crash.db";
  auto child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    sqlite::Database db(file, sqlite::Database::Mode::read_write);
    open_log(db);
    commit_rows(db, 0, 50, 2000);
    // Frames of a transaction that never commits are gathered, some spilled
    // by the cache: the process ends without a word.
    db.exec("PRAGMA cache_size = 10");
    db.exec("BEGIN IMMEDIATE");
    for (int i = 50; i < 400; ++i) {
      db.prepare("INSERT INTO rows (id, body) VALUES (?1, ?2)")
          .bind(1, std::int64_t{i})
          .bind_blob(2, std::string(2000, 'x'))
          .run();
    }
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(count_rows(file, 2000) == 50);
  sqlite::Database db(file, sqlite::Database::Mode::read_write);
  open_log(db);
  commit_rows(db, 50, 10, 2000);
  CHECK(count_rows(file, 2000) == 60);
}
