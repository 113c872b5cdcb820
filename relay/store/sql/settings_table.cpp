#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {

std::optional<std::string> SqlSettingsTable::get(std::string_view key) {
  auto& stmt = db_.prepare("SELECT value FROM settings WHERE key = ?1");
  stmt.bind(1, key);
  if (!stmt.step()) return std::nullopt;
  auto value = stmt.text(0);
  stmt.run();
  return value;
}

void SqlSettingsTable::put(std::string_view key, std::string_view value, std::int64_t now_ms) {
  auto& stmt = db_.prepare(
      "INSERT INTO settings (key, value, updated_ms) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms");
  stmt.bind(1, key).bind(2, value).bind(3, now_ms);
  stmt.run();
}

void SqlSettingsTable::erase(std::string_view key) {
  auto& stmt = db_.prepare("DELETE FROM settings WHERE key = ?1");
  stmt.bind(1, key);
  stmt.run();
}

}  // namespace baton::sql
