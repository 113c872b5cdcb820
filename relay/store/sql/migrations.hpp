#pragma once
// The store's schema as the steps that built it, in SQLite's dialect: the
// SQLite store runs them as they are (sqlite/schema.cpp), the PostgreSQL
// store in its own types (postgres/pg_schema.cpp). Append only: a released
// step never changes.

#include <span>
#include <string_view>

namespace baton::sql {

std::span<const std::string_view> migrations();

}  // namespace baton::sql
