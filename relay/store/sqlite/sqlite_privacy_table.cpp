#include <cctype>

#include "relay/store/sqlite/sqlite_tables.hpp"

namespace baton::sqlite {

std::string email_key(std::string_view email) {
  std::string key(email);
  for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

std::vector<std::string> SqlitePrivacyTable::sessions_of_visitor(std::string_view phone, std::string_view email) {
  auto& stmt = db_.prepare(
      "SELECT id FROM sessions WHERE ?1 != '' AND (visitor_phone = ?1 OR visitor_whatsapp = ?1) "
      "UNION SELECT id FROM sessions WHERE ?2 != '' AND visitor_email = ?2 "
      "UNION SELECT session_id FROM calls WHERE ?1 != '' AND visitor_phone = ?1 "
      "UNION SELECT session_id FROM mail_outbox WHERE ?2 != '' AND purpose = 'copy' AND lower(recipient) = ?2 "
      "ORDER BY 1");
  stmt.bind(1, phone).bind(2, email_key(email));
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.text(0));
  return out;
}

std::vector<std::string> SqlitePrivacyTable::idle_since(std::int64_t before_ms, std::size_t limit) {
  // A message does not touch its session's updated_ms: the newest message counts too.
  auto& stmt = db_.prepare(
      "SELECT id FROM sessions s WHERE updated_ms < ?1 AND COALESCE((SELECT ts_ms FROM messages m "
      "WHERE m.session_id = s.id ORDER BY seq DESC LIMIT 1), 0) < ?1 ORDER BY updated_ms LIMIT ?2");
  stmt.bind(1, before_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.text(0));
  return out;
}

void SqlitePrivacyTable::erase_session(std::string_view session_id) {
  // Children first: they refer to the session.
  for (std::string_view sql : {
           "DELETE FROM contacts WHERE last_session_id = ?1 AND phone IN "
           "(SELECT visitor_whatsapp FROM sessions WHERE id = ?1)",
           "DELETE FROM wa_statuses WHERE wamid IN (SELECT wamid FROM outbox WHERE session_id = ?1)",
           // The wamid stays: Meta may deliver the same message again, and it
           // must still be known as seen. Who sent it and what it said go.
           "UPDATE wa_inbound SET sender = '', summary = '', session_id = '' WHERE session_id = ?1",
           "DELETE FROM outbox WHERE session_id = ?1",
           "DELETE FROM status_changes WHERE session_id = ?1",
           "DELETE FROM messages WHERE session_id = ?1",
           "DELETE FROM assistant_turns WHERE session_id = ?1",
           "DELETE FROM queue_waits WHERE session_id = ?1",
           "DELETE FROM mail_outbox WHERE session_id = ?1",
           "DELETE FROM calls WHERE session_id = ?1",
           "DELETE FROM sessions WHERE id = ?1",
       }) {
    auto& stmt = db_.prepare(sql);
    stmt.bind(1, session_id);
    stmt.run();
  }
  erased_ = true;
}

}  // namespace baton::sqlite
