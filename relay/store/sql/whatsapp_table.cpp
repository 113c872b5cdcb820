#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {
namespace {

std::optional<std::string> nonempty(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return std::string(text);
}

}  // namespace

bool SqlWhatsappTable::remember_inbound(std::string_view wamid, std::string_view sender, std::int64_t received_ms) {
  auto& stmt = db_.prepare(
      "INSERT INTO wa_inbound (wamid, sender, received_ms) VALUES (?1, ?2, ?3) ON CONFLICT (wamid) DO NOTHING");
  stmt.bind(1, wamid).bind(2, sender).bind(3, received_ms);
  stmt.run();
  return db_.changes() == 1;
}

std::string SqlWhatsappTable::inbound_sender(std::string_view wamid) {
  auto& stmt = db_.prepare("SELECT sender FROM wa_inbound WHERE wamid = ?1");
  stmt.bind(1, wamid);
  if (!stmt.step()) return {};
  auto sender = stmt.text(0);
  stmt.run();
  return sender;
}

void SqlWhatsappTable::route_inbound(std::string_view wamid, std::string_view session_id, std::string_view summary) {
  auto& stmt = db_.prepare("UPDATE wa_inbound SET session_id = ?2, summary = ?3 WHERE wamid = ?1");
  stmt.bind(1, wamid).bind(2, session_id).bind(3, keys_.seal_text(session_id, summary));
  stmt.run();
}

bool SqlWhatsappTable::remember_status(std::string_view wamid, std::string_view status, std::int64_t received_ms) {
  auto& stmt = db_.prepare(
      "INSERT INTO wa_statuses (wamid, status, received_ms) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
  stmt.bind(1, wamid).bind(2, status).bind(3, received_ms);
  stmt.run();
  return db_.changes() == 1;
}

bool SqlWhatsappTable::status_seen(std::string_view wamid, std::initializer_list<std::string_view> statuses) {
  for (auto status : statuses) {
    // prepare() hands back the cached statement reset for each lookup.
    auto& stmt = db_.prepare("SELECT 1 FROM wa_statuses WHERE wamid = ?1 AND status = ?2");
    stmt.bind(1, wamid).bind(2, status);
    bool seen = stmt.step();
    stmt.run();  // finished, so no read snapshot outlives the lookup
    if (seen) return true;
  }
  return false;
}

std::optional<ContactRecord> SqlWhatsappTable::contact_where(std::string_view column, std::string_view value) {
  auto& stmt = db_.prepare(
      "SELECT coalesce(phone, ''), coalesce(user_id, ''), name, last_inbound_ms, last_session_id "
      "FROM contacts WHERE " +
      std::string(column) + " = ?1");
  stmt.bind(1, value);
  if (!stmt.step()) return std::nullopt;
  ContactRecord c{stmt.text(0), stmt.text(1), stmt.text(2), stmt.integer(3), stmt.text(4)};
  stmt.run();
  return c;
}

std::optional<ContactRecord> SqlWhatsappTable::contact_by_phone(std::string_view phone) {
  return contact_where("phone", phone);
}

std::optional<ContactRecord> SqlWhatsappTable::contact_by_user_id(std::string_view user_id) {
  return contact_where("user_id", user_id);
}

void SqlWhatsappTable::save_contact(const ContactRecord& c) {
  // Most saves only move the window on, with both keys already on the row.
  // Naming a key in SET rewrites its index entry even when it is unchanged:
  // two more pages to log and sync per inbound message.
  if (!c.phone.empty()) {
    auto& stmt = db_.prepare(
        "UPDATE contacts SET name = ?3, last_inbound_ms = ?4, last_session_id = ?5 "
        "WHERE phone = ?1 AND coalesce(user_id, '') = ?2");
    stmt.bind(1, c.phone).bind(2, c.user_id).bind(3, c.name).bind(4, c.last_inbound_ms).bind(5, c.last_session_id);
    stmt.run();
    if (db_.changes() > 0) return;
  }
  // A contact is one row whichever of its two keys is known, and a later
  // message may add the key that was missing. If the two keys already sit on
  // two rows (the same person seen once by phone, once by id only), the phone
  // row is updated and the other is left as it is.
  auto update = [&](bool link_user_id) {
    auto& stmt = db_.prepare_guarded(
        "UPDATE contacts SET phone = coalesce(?1, phone), user_id = coalesce(?2, user_id), name = ?3, "
        "last_inbound_ms = ?4, last_session_id = ?5 WHERE id = (SELECT id FROM contacts WHERE phone = ?1 "
        "UNION ALL SELECT id FROM contacts WHERE user_id = ?6 LIMIT 1)");
    stmt.bind_optional(1, nonempty(c.phone))
        .bind_optional(2, link_user_id ? nonempty(c.user_id) : std::nullopt)
        .bind(3, c.name);
    stmt.bind(4, c.last_inbound_ms).bind(5, c.last_session_id).bind_optional(6, nonempty(c.user_id));
    stmt.run();
  };
  try {
    update(true);
  } catch (const Error& e) {
    if (!e.is_constraint()) throw;
    update(false);
  }
  if (db_.changes() > 0) return;
  auto& insert = db_.prepare(
      "INSERT INTO contacts (phone, user_id, name, last_inbound_ms, last_session_id) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind_optional(1, nonempty(c.phone))
      .bind_optional(2, nonempty(c.user_id))
      .bind(3, c.name)
      .bind(4, c.last_inbound_ms);
  insert.bind(5, c.last_session_id);
  insert.run();
}

void SqlWhatsappTable::point_contact_at(std::string_view phone, std::string_view session_id) {
  auto& stmt = db_.prepare("UPDATE contacts SET last_session_id = ?2 WHERE phone = ?1");
  stmt.bind(1, phone).bind(2, session_id);
  stmt.run();
  if (db_.changes() > 0) return;
  save_contact(ContactRecord{std::string(phone), {}, {}, 0, std::string(session_id)});
}

void SqlWhatsappTable::record_error(std::int64_t code, std::string_view title, std::string_view details,
                                    std::int64_t received_ms) {
  auto& stmt = db_.prepare("INSERT INTO wa_errors (code, title, details, received_ms) VALUES (?1, ?2, ?3, ?4)");
  stmt.bind(1, code).bind(2, title).bind(3, details).bind(4, received_ms);
  stmt.run();
}

}  // namespace baton::sql
