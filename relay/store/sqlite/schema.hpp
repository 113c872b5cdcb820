#pragma once
// Creates the relay's tables and brings older databases up to date.

#include "relay/store/sqlite_db.hpp"

namespace baton::sqlite {

// Applies every migration newer than the database's user_version, each in its
// own transaction. Throws if the database is newer than this binary.
void migrate(Database& db);

int schema_version();

}  // namespace baton::sqlite
