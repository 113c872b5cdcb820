#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {

void SqlUsageTable::record_charge(const WhatsappCharge& c) {
  auto& stmt = db_.prepare(
      "INSERT INTO wa_charges (wamid, session_id, category, billable, at_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (wamid) DO NOTHING");
  stmt.bind(1, c.wamid).bind(2, c.session_id).bind(3, c.category);
  stmt.bind(4, static_cast<std::int64_t>(c.billable ? 1 : 0)).bind(5, c.at_ms);
  stmt.run();
}

void SqlUsageTable::add_model_tokens(std::string_view session_id, std::int64_t input_tokens, std::int64_t output_tokens,
                                     std::int64_t at_ms) {
  auto& stmt = db_.prepare(
      "INSERT INTO model_usage (session_id, input_tokens, output_tokens, at_ms) VALUES (?1, ?2, ?3, ?4)");
  stmt.bind(1, session_id).bind(2, input_tokens).bind(3, output_tokens).bind(4, at_ms);
  stmt.run();
}

ChatUsage SqlUsageTable::of_session(std::string_view session_id) {
  ChatUsage usage;
  auto& charges = db_.prepare(
      "SELECT category, count(*) FROM wa_charges WHERE session_id = ?1 AND billable = 1 GROUP BY category");
  charges.bind(1, session_id);
  while (charges.step()) usage.billable_messages[charges.text(0)] = charges.integer(1);
  auto& tokens = db_.prepare(
      "SELECT coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0) FROM model_usage WHERE session_id = ?1");
  tokens.bind(1, session_id);
  if (tokens.step()) {
    usage.input_tokens = tokens.integer(0);
    usage.output_tokens = tokens.integer(1);
  }
  tokens.run();
  return usage;
}

}  // namespace baton::sql
