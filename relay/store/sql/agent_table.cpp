#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {

std::optional<AgentPresenceRecord> SqlAgentTable::presence(std::string_view phone) {
  auto& stmt = db_.prepare("SELECT away, changed_ms FROM agent_presence WHERE phone = ?1");
  stmt.bind(1, phone);
  if (!stmt.step()) return std::nullopt;
  AgentPresenceRecord record{std::string(phone), stmt.integer(0) != 0, stmt.integer(1)};
  stmt.run();
  return record;
}

void SqlAgentTable::save_presence(const AgentPresenceRecord& p) {
  auto& stmt = db_.prepare(
      "INSERT INTO agent_presence (phone, away, changed_ms) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (phone) DO UPDATE SET away = excluded.away, changed_ms = excluded.changed_ms");
  stmt.bind(1, p.phone).bind(2, static_cast<std::int64_t>(p.away ? 1 : 0)).bind(3, p.changed_ms);
  stmt.run();
}

}  // namespace baton::sql
