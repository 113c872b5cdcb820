// The writer's cache of prepared statements (relay/store/sqlite_db.hpp)
// finds a statement by where its text lies before comparing texts: a string
// built at run time that later holds other SQL at the same address must
// still get its own statement.

#include <doctest/doctest.h>

#include <string>

#include "relay/store/sqlite_db.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlite = baton::sqlite;

namespace {

std::int64_t first_number(sqlite::Database& db, const std::string& sql) {
  auto& stmt = db.prepare(sql);
  REQUIRE(stmt.step());
  auto n = stmt.integer(0);
  stmt.run();
  return n;
}

}  // namespace

TEST_CASE("statement cache: the same address with other SQL gets that SQL's statement") {
  baton::test::TempDir dir;
  sqlite::Database db(dir / "cache.db", sqlite::Database::Mode::read_write);
  std::string sql = "SELECT 11";
  const char* where = sql.data();
  CHECK(first_number(db, sql) == 11);
  // The same buffer, the same length, another statement.
  sql[7] = '2';
  sql[8] = '2';
  REQUIRE(sql.data() == where);
  CHECK(first_number(db, sql) == 22);
  sql[7] = '1';
  sql[8] = '1';
  CHECK(first_number(db, sql) == 11);
  // A shorter text at the same address is another statement too.
  sql.resize(8);
  REQUIRE(sql.data() == where);
  CHECK(first_number(db, sql) == 1);
}

TEST_CASE("statement cache: a statement asked for again starts over with no values bound") {
  baton::test::TempDir dir;
  sqlite::Database db(dir / "cache.db", sqlite::Database::Mode::read_write);
  static constexpr std::string_view sql = "SELECT ?1 IS NULL";
  auto& first = db.prepare(sql);
  first.bind(1, std::int64_t{5});
  REQUIRE(first.step());
  CHECK(first.integer(0) == 0);
  // Left part way through: asking again resets it and clears the value.
  auto& again = db.prepare(sql);
  CHECK(&again == &first);
  REQUIRE(again.step());
  CHECK(again.integer(0) == 1);
}
