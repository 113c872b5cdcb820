#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {

bool SqlConversionTable::record(const ConversionRecord& c) {
  auto& stmt = db_.prepare(
      "INSERT INTO conversions (session_id, cid, event, value, currency, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (session_id, cid) DO NOTHING");
  stmt.bind(1, c.session_id).bind(2, c.cid).bind(3, c.event).bind_real(4, c.value).bind(5, c.currency).bind(6, c.at_ms);
  stmt.run();
  return db_.changes() > 0;
}

std::vector<ConversionRecord> SqlConversionTable::of_session(std::string_view session_id) {
  auto& stmt = db_.prepare(
      "SELECT cid, event, value, currency, at_ms FROM conversions WHERE session_id = ?1 ORDER BY at_ms, id");
  stmt.bind(1, session_id);
  std::vector<ConversionRecord> out;
  while (stmt.step()) {
    ConversionRecord c;
    c.session_id = std::string(session_id);
    c.cid = stmt.text(0);
    c.event = stmt.text(1);
    c.value = stmt.real(2);
    c.currency = stmt.text(3);
    c.at_ms = stmt.integer(4);
    out.push_back(std::move(c));
  }
  return out;
}

std::int64_t SqlConversionTable::count_since(std::string_view session_id, std::int64_t since_ms) {
  auto& stmt = db_.prepare("SELECT count(*) FROM conversions WHERE session_id = ?1 AND at_ms >= ?2");
  stmt.bind(1, session_id).bind(2, since_ms);
  stmt.step();
  auto count = stmt.integer(0);
  stmt.run();
  return count;
}

}  // namespace baton::sql
