#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {

std::int64_t SqlAuditTable::append(const AuditEntry& entry) {
  auto& stmt = db_.prepare(
      "INSERT INTO audit_log (at_ms, actor, action, target, detail, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
  stmt.bind(1, entry.at_ms)
      .bind(2, entry.actor)
      .bind(3, entry.action)
      .bind(4, entry.target)
      .bind(5, entry.detail)
      .bind(6, entry.outcome);
  stmt.step();
  auto id = stmt.integer(0);
  stmt.run();
  return id;
}

std::vector<AuditEntry> SqlAuditTable::recent(std::size_t limit, std::int64_t before) {
  auto& stmt = db_.prepare(
      "SELECT id, at_ms, actor, action, target, detail, outcome FROM audit_log "
      "WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC LIMIT ?2");
  stmt.bind(1, before).bind(2, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> entries;
  while (stmt.step()) {
    AuditEntry e;
    e.id = stmt.integer(0);
    e.at_ms = stmt.integer(1);
    e.actor = stmt.text(2);
    e.action = stmt.text(3);
    e.target = stmt.text(4);
    e.detail = stmt.text(5);
    e.outcome = stmt.text(6);
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace baton::sql
