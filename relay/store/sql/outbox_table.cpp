#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {
namespace {

constexpr std::string_view columns =
    "id, session_id, message_id, recipient, kind, body, purpose, state, attempts, next_attempt_ms, created_ms, "
    "wamid, last_error, more_message_ids, attachment_id, about_wamid";

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : " ") + id;
  return out;
}

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string_view kind_name(OutboxKind kind) {
  switch (kind) {
    case OutboxKind::template_message: return "template";
    case OutboxKind::accept_button: return "accept";
    case OutboxKind::rating_list: return "rating";
    case OutboxKind::media: return "media";
    case OutboxKind::reaction: return "reaction";
    case OutboxKind::text: break;
  }
  return "text";
}

// A chat's body is sealed with its key; a row for no chat (a template to an
// agent, an answer to a stranger) carries no visitor's words and is not.
std::string seal_body(ChatKeys& keys, const OutboxRecord& r) {
  return r.session_id.empty() ? r.body : keys.seal_text(r.session_id, r.body);
}

OutboxRecord read_record(const Statement& row, ChatKeys& keys) {
  OutboxRecord r;
  r.id = row.integer(0);
  r.session_id = row.text(1);
  r.message_id = row.text(2);
  r.recipient = row.text(3);
  auto kind = row.text(4);
  r.kind = kind == "template"   ? OutboxKind::template_message
           : kind == "accept"   ? OutboxKind::accept_button
           : kind == "rating"   ? OutboxKind::rating_list
           : kind == "media"    ? OutboxKind::media
           : kind == "reaction" ? OutboxKind::reaction
                                : OutboxKind::text;
  r.body = r.session_id.empty() ? row.text(5) : keys.open_text(r.session_id, row.text(5));
  r.purpose = outbox_purpose_from_string(row.text(6));
  r.state = outbox_state_from_string(row.text(7));
  r.attempts = static_cast<std::uint32_t>(row.integer(8));
  r.next_attempt_ms = row.integer(9);
  r.created_ms = row.integer(10);
  r.wamid = row.text(11);
  r.last_error = row.text(12);
  r.more_message_ids = split_ids(row.text(13));
  r.attachment_id = row.text(14);
  r.about_wamid = row.text(15);
  return r;
}

std::vector<OutboxRecord> all(Statement& stmt, ChatKeys& keys) {
  std::vector<OutboxRecord> out;
  while (stmt.step()) out.push_back(read_record(stmt, keys));
  return out;
}

std::optional<OutboxRecord> single(Statement& stmt, ChatKeys& keys) {
  if (!stmt.step()) return std::nullopt;
  auto record = read_record(stmt, keys);
  stmt.run();
  return record;
}

}  // namespace

std::int64_t SqlOutboxTable::insert(const OutboxRecord& r) {
  auto& stmt = db_.prepare(
      "INSERT INTO outbox (session_id, message_id, recipient, kind, body, purpose, state, attempts, next_attempt_ms, "
      "created_ms, wamid, last_error, more_message_ids, attachment_id, about_wamid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
      "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id");
  stmt.bind(1, r.session_id).bind(2, r.message_id).bind(3, r.recipient).bind(4, kind_name(r.kind));
  stmt.bind(5, seal_body(keys_, r));
  stmt.bind(6, to_string(r.purpose))
      .bind(7, to_string(r.state))
      .bind(8, std::int64_t{r.attempts})
      .bind(9, r.next_attempt_ms);
  stmt.bind(10, r.created_ms);
  if (r.wamid.empty()) stmt.bind_null(11);
  else stmt.bind(11, r.wamid);
  stmt.bind(12, r.last_error).bind(13, join_ids(r.more_message_ids)).bind(14, r.attachment_id).bind(15, r.about_wamid);
  stmt.step();
  auto id = stmt.integer(0);
  stmt.run();
  return id;
}

std::optional<OutboxRecord> SqlOutboxTable::find(std::int64_t id) {
  // Locked: two relays claiming one row take turns, and the second sees the
  // first's claim (delivery_transactions.cpp).
  auto& stmt = db_.prepare("SELECT " + std::string(columns) + " FROM outbox WHERE id = ?1" + lock_clause(locks_));
  stmt.bind(1, id);
  return single(stmt, keys_);
}

std::optional<OutboxRecord> SqlOutboxTable::find_by_wamid(std::string_view wamid) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) + " FROM outbox WHERE wamid = ?1" + lock_clause(locks_));
  stmt.bind(1, wamid);
  return single(stmt, keys_);
}

void SqlOutboxTable::update(const OutboxRecord& r) {
  auto& stmt = db_.prepare_guarded(
      "UPDATE outbox SET state = ?2, attempts = ?3, next_attempt_ms = ?4, wamid = ?5, last_error = ?6, body = ?7, "
      "more_message_ids = ?8, recipient = ?9, message_id = ?10 WHERE id = ?1");
  stmt.bind(1, r.id).bind(2, to_string(r.state)).bind(3, std::int64_t{r.attempts}).bind(4, r.next_attempt_ms);
  if (r.wamid.empty()) stmt.bind_null(5);
  else stmt.bind(5, r.wamid);
  stmt.bind(6, r.last_error).bind(7, seal_body(keys_, r)).bind(8, join_ids(r.more_message_ids));
  // A number change moves a queued message to the new number (system_messages.cpp).
  stmt.bind(9, r.recipient);
  // A burst's copy that lost its first message (deleted) names the next one.
  stmt.bind(10, r.message_id);
  try {
    stmt.run();
  } catch (const Error& e) {
    if (e.is_constraint()) throw DuplicateKey(e.what());
    throw;
  }
}

std::vector<OutboxRecord> SqlOutboxTable::open() {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM outbox WHERE state IN ('pending', 'in_flight', 'awaiting_window') ORDER BY id");
  return all(stmt, keys_);
}

std::vector<OutboxRecord> SqlOutboxTable::awaiting_window(std::string_view recipient) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM outbox WHERE recipient = ?1 AND state = 'awaiting_window' ORDER BY id");
  stmt.bind(1, recipient);
  return all(stmt, keys_);
}

std::vector<OutboxRecord> SqlOutboxTable::awaiting_window_for_session(std::string_view recipient,
                                                                      std::string_view session_id) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM outbox WHERE recipient = ?1 AND session_id = ?2 AND state = 'awaiting_window' "
                           "ORDER BY id");
  stmt.bind(1, recipient).bind(2, session_id);
  return all(stmt, keys_);
}

std::int64_t SqlOutboxTable::count_since(OutboxPurpose purpose, std::string_view recipient, std::int64_t since_ms) {
  auto& stmt = db_.prepare("SELECT count(*) FROM outbox WHERE purpose = ?1 AND recipient = ?2 AND created_ms >= ?3");
  stmt.bind(1, to_string(purpose)).bind(2, recipient).bind(3, since_ms);
  stmt.step();
  auto n = stmt.integer(0);
  stmt.run();
  return n;
}

bool SqlOutboxTable::has_template_since(std::string_view recipient, std::int64_t since_ms) {
  auto& stmt = db_.prepare(
      "SELECT 1 FROM outbox WHERE recipient = ?1 AND kind = 'template' AND state != 'failed' AND created_ms > ?2 "
      "LIMIT 1");
  stmt.bind(1, recipient).bind(2, since_ms);
  bool found = stmt.step();
  stmt.run();
  return found;
}

std::int64_t SqlOutboxTable::count(OutboxState state) {
  auto& stmt = db_.prepare("SELECT count(*) FROM outbox WHERE state = ?1");
  stmt.bind(1, to_string(state));
  stmt.step();
  auto n = stmt.integer(0);
  stmt.run();
  return n;
}

std::optional<OutboxRecord> SqlOutboxTable::unsent_relay(std::string_view session_id, std::string_view recipient) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM outbox WHERE session_id = ?1 AND recipient = ?2 AND purpose = 'relay' AND "
                           "state = 'pending' AND attempts = 0 ORDER BY id DESC LIMIT 1" +
                           lock_clause(locks_));
  stmt.bind(1, session_id).bind(2, recipient);
  if (!stmt.step()) return std::nullopt;
  return read_record(stmt, keys_);
}

std::vector<OutboxRecord> SqlOutboxTable::copies_of(std::string_view session_id, std::string_view message_id) {
  // Joined ids are kept space-separated (join_ids).
  // SQLite's instr is PostgreSQL's strpos.
  std::string find = db_.dialect() == Dialect::postgres ? "strpos" : "instr";
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM outbox WHERE session_id = ?1 AND (message_id = ?2 OR " + find +
                           "(' ' || more_message_ids || ' ', ' ' || ?2 || ' ') > 0) ORDER BY id");
  stmt.bind(1, session_id).bind(2, message_id);
  return all(stmt, keys_);
}

std::vector<OutboxRecord> SqlOutboxTable::open_for_session(std::string_view session_id) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM outbox WHERE session_id = ?1 AND state IN ('pending', 'in_flight', "
                           "'awaiting_window') ORDER BY id");
  stmt.bind(1, session_id);
  return all(stmt, keys_);
}

}  // namespace baton::sql
