#include <cctype>

#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {

std::string email_key(std::string_view email) {
  std::string key(email);
  for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

std::vector<std::string> SqlPrivacyTable::sessions_of_visitor(std::string_view phone, std::string_view email) {
  auto& stmt = db_.prepare(
      "SELECT id FROM sessions WHERE ?1 != '' AND (visitor_phone = ?3 OR visitor_whatsapp = ?1) "
      "UNION SELECT id FROM sessions WHERE ?2 != '' AND visitor_email = ?4 "
      "UNION SELECT session_id FROM calls WHERE ?1 != '' AND visitor_phone_index = ?3 "
      "UNION SELECT session_id FROM mail_outbox WHERE ?2 != '' AND purpose = 'copy' AND lower(recipient) = ?2 "
      "ORDER BY 1");
  // E-mail and phone are stored as keyed hashes (chat_keys.hpp).
  stmt.bind(1, phone).bind(2, email_key(email)).bind(3, keys_.visitor_index(phone));
  stmt.bind(4, keys_.visitor_index(email_key(email)));
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.text(0));
  return out;
}

std::vector<std::string> SqlPrivacyTable::idle_since(std::int64_t before_ms, std::size_t limit) {
  // A message does not touch its session's updated_ms: the newest message counts too.
  auto& stmt = db_.prepare(
      "SELECT id FROM sessions s WHERE updated_ms < ?1 AND COALESCE((SELECT ts_ms FROM messages m "
      "WHERE m.session_id = s.id ORDER BY seq DESC LIMIT 1), 0) < ?1 ORDER BY updated_ms LIMIT ?2");
  stmt.bind(1, before_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.text(0));
  return out;
}

void SqlPrivacyTable::erase_session(std::string_view session_id) {
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
           "DELETE FROM consents WHERE session_id = ?1",
           "DELETE FROM conversions WHERE session_id = ?1",
           "DELETE FROM wa_charges WHERE session_id = ?1",
           "DELETE FROM model_usage WHERE session_id = ?1",
           "DELETE FROM ratings WHERE session_id = ?1",
           "DELETE FROM sessions WHERE id = ?1",
       }) {
    auto& stmt = db_.prepare(sql);
    stmt.bind(1, session_id);
    stmt.run();
  }
  // With its key gone, what any older copy of baton.db holds of the chat
  // cannot be read.
  keys_.forget(session_id);
  erased_ = true;
}

void SqlPrivacyTable::record_consent(const ConsentRecord& c) {
  auto& stmt = db_.prepare(
      "INSERT INTO consents (session_id, mode, given_ms, language, wording) VALUES (?1, ?2, ?3, ?4, ?5)");
  stmt.bind(1, c.session_id).bind(2, to_string(c.mode)).bind(3, c.given_ms).bind(4, c.language);
  stmt.bind(5, c.wording);
  stmt.run();
}

std::vector<ConsentRecord> SqlPrivacyTable::consents(std::string_view session_id) {
  auto& stmt = db_.prepare("SELECT mode, given_ms, language, wording FROM consents WHERE session_id = ?1 ORDER BY id");
  stmt.bind(1, session_id);
  std::vector<ConsentRecord> out;
  while (stmt.step()) {
    ConsentRecord c;
    c.session_id = std::string(session_id);
    c.mode = handoff_mode_from_string(stmt.text(0)).value_or(HandoffMode::live);
    c.given_ms = stmt.integer(1);
    c.language = stmt.text(2);
    c.wording = stmt.text(3);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace baton::sql
