#include "relay/store/sqlite/schema.hpp"

#include <string_view>

#include "relay/store/sql/migrations.hpp"

namespace baton::sqlite {
namespace {

int user_version(Database& db) {
  auto& stmt = db.prepare("PRAGMA user_version");
  stmt.step();
  auto version = static_cast<int>(stmt.integer(0));
  // Finished, so that no statement is part way through while a migration
  // drops a table (SQLite refuses that: "database table is locked").
  stmt.run();
  return version;
}

}  // namespace

int schema_version() { return static_cast<int>(sql::migrations().size()); }

void migrate(Database& db) {
  int current = user_version(db);
  if (current > schema_version()) {
    throw Error("the database was written by a newer relay (schema " + std::to_string(current) +
                    ", this binary knows " + std::to_string(schema_version()) + ")",
                0);
  }
  for (int version = current; version < schema_version(); ++version) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(sql::migrations()[static_cast<std::size_t>(version)]);
      db.exec("PRAGMA user_version = " + std::to_string(version + 1));
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
  }
}

}  // namespace baton::sqlite
