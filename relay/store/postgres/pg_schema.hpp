#pragma once
// The store's schema on PostgreSQL: the same steps as SQLite's
// (sql/migrations.hpp), in PostgreSQL's types, plus the chat keys' table.

#include <string>
#include <string_view>

#include "relay/store/postgres/pg_connection.hpp"

namespace baton::postgres {

// One step of the schema as PostgreSQL takes it.
std::string postgres_ddl(std::string_view sqlite_ddl);

// Brings the database up to this binary's schema. Relays that start
// together take turns (a transaction-scoped advisory lock); one that finds a
// newer schema than it knows refuses to start.
void migrate(PgConnection& db);

}  // namespace baton::postgres
