#include "relay/store/sql/sql_tables.hpp"

#include <algorithm>

namespace baton::sql {
namespace {

constexpr std::string_view columns =
    "seq, id, cid, author, author_name, kind, text, status, ts_ms, about, time_from_ms, time_to_ms, time_at, time_size, "
    "attachment_id, attachment_kind, attachment_mime, attachment_name, attachment_size";

// Text and author name are sealed with the chat's key (chat_keys.hpp).
Message read_message(const Statement& row, ChatKeys& keys, std::string_view session_id, int first = 0) {
  Message m;
  m.seq = static_cast<std::uint64_t>(row.integer(first));
  m.id = row.text(first + 1);
  m.cid = row.text(first + 2);
  m.author = author_from_string(row.text(first + 3)).value_or(Author::system);
  m.author_name = keys.open_text(session_id, row.text(first + 4));
  m.kind = message_kind_from_string(row.text(first + 5)).value_or(MessageKind::notice);
  m.text = keys.open_text(session_id, row.text(first + 6));
  m.status = message_status_from_string(row.text(first + 7)).value_or(MessageStatus::sent);
  m.ts_ms = row.integer(first + 8);
  m.about = row.text(first + 9);
  m.time = TimeInText{row.integer(first + 10), row.integer(first + 11),
                      static_cast<std::uint32_t>(row.integer(first + 12)),
                      static_cast<std::uint32_t>(row.integer(first + 13))};
  m.attachment.id = row.text(first + 14);
  if (!m.attachment.id.empty()) {
    m.attachment.kind = attachment_kind_from_string(row.text(first + 15)).value_or(AttachmentKind::document);
    m.attachment.mime = row.text(first + 16);
    m.attachment.name = keys.open_text(session_id, row.text(first + 17));
    m.attachment.size = static_cast<std::uint64_t>(row.integer(first + 18));
  }
  return m;
}

std::optional<Message> single(Statement& stmt, ChatKeys& keys, std::string_view session_id) {
  if (!stmt.step()) return std::nullopt;
  auto message = read_message(stmt, keys, session_id);
  stmt.run();
  return message;
}

}  // namespace

void SqlMessageTable::insert(std::string_view session_id, const Message& m, std::string_view inbound_wamid) {
  auto& stmt = db_.prepare(
      "INSERT INTO messages (session_id, seq, id, cid, author, author_name, kind, text, status, ts_ms, inbound_wamid, "
      "about, time_from_ms, time_to_ms, time_at, time_size, attachment_id, attachment_kind, attachment_mime, "
      "attachment_name, attachment_size) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
      "?17, ?18, ?19, ?20, ?21)");
  stmt.bind(1, session_id).bind(2, static_cast<std::int64_t>(m.seq)).bind(3, m.id);
  if (m.cid.empty()) stmt.bind_null(4);
  else stmt.bind(4, m.cid);
  stmt.bind(5, to_string(m.author)).bind(6, keys_.seal_text(session_id, m.author_name)).bind(7, to_string(m.kind));
  stmt.bind(8, keys_.seal_text(session_id, m.text));
  stmt.bind(9, to_string(m.status)).bind(10, m.ts_ms);
  if (inbound_wamid.empty()) stmt.bind_null(11);
  else stmt.bind(11, inbound_wamid);
  stmt.bind(12, m.about);
  stmt.bind(13, m.time.from_ms).bind(14, m.time.to_ms);
  stmt.bind(15, static_cast<std::int64_t>(m.time.at)).bind(16, static_cast<std::int64_t>(m.time.size));
  const auto& a = m.attachment;
  stmt.bind(17, a.id).bind(18, a.empty() ? std::string_view("") : to_string(a.kind)).bind(19, a.mime);
  stmt.bind(20, keys_.seal_text(session_id, a.name)).bind(21, static_cast<std::int64_t>(a.size));
  try {
    stmt.run();
  } catch (const Error& e) {
    if (e.is_constraint()) throw DuplicateKey(e.what());
    throw;
  }
}

std::optional<Message> SqlMessageTable::find_by_cid(std::string_view session_id, std::string_view cid) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) + " FROM messages WHERE session_id = ?1 AND cid = ?2");
  stmt.bind(1, session_id).bind(2, cid);
  return single(stmt, keys_, session_id);
}

std::optional<Message> SqlMessageTable::find(std::string_view session_id, std::string_view message_id) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) + " FROM messages WHERE session_id = ?1 AND id = ?2");
  stmt.bind(1, session_id).bind(2, message_id);
  return single(stmt, keys_, session_id);
}

std::optional<std::pair<std::string, Message>> SqlMessageTable::locate(std::string_view id_or_wamid) {
  // Two lookups, each on its own UNIQUE index.
  for (const char* column : {"id", "inbound_wamid"}) {
    auto& stmt = db_.prepare("SELECT session_id, " + std::string(columns) + " FROM messages WHERE " + column + " = ?1");
    stmt.bind(1, id_or_wamid);
    if (!stmt.step()) continue;
    auto session_id = stmt.text(0);
    auto message = read_message(stmt, keys_, session_id, 1);
    stmt.run();
    return std::pair{std::move(session_id), std::move(message)};
  }
  return std::nullopt;
}

std::string SqlMessageTable::inbound_wamid(std::string_view session_id, std::string_view message_id) {
  auto& stmt = db_.prepare("SELECT inbound_wamid FROM messages WHERE session_id = ?1 AND id = ?2");
  stmt.bind(1, session_id).bind(2, message_id);
  if (!stmt.step()) return {};
  auto wamid = stmt.text(0);
  stmt.run();
  return wamid;
}

std::string SqlMessageTable::newest_inbound_wamid(std::string_view session_id, Author author, std::uint64_t seq) {
  auto& stmt = db_.prepare(
      "SELECT inbound_wamid FROM messages WHERE session_id = ?1 AND author = ?2 AND seq <= ?3 AND inbound_wamid IS "
      "NOT NULL ORDER BY seq DESC LIMIT 1");
  stmt.bind(1, session_id).bind(2, to_string(author)).bind(3, static_cast<std::int64_t>(seq));
  if (!stmt.step()) return {};
  auto wamid = stmt.text(0);
  stmt.run();
  return wamid;
}

void SqlMessageTable::rewrite(std::string_view session_id, const Message& m) {
  auto& stmt = db_.prepare(
      "UPDATE messages SET kind = ?3, text = ?4, about = ?5, attachment_id = ?6, attachment_kind = ?7, "
      "attachment_mime = ?8, attachment_name = ?9, attachment_size = ?10 WHERE session_id = ?1 AND id = ?2");
  stmt.bind(1, session_id).bind(2, m.id).bind(3, to_string(m.kind)).bind(4, keys_.seal_text(session_id, m.text));
  const auto& a = m.attachment;
  stmt.bind(5, m.about).bind(6, a.id).bind(7, a.empty() ? std::string_view("") : to_string(a.kind)).bind(8, a.mime);
  stmt.bind(9, keys_.seal_text(session_id, a.name)).bind(10, static_cast<std::int64_t>(a.size));
  stmt.run();
}

std::vector<std::string> SqlMessageTable::forget_edits(std::string_view session_id, std::string_view message_id) {
  std::vector<std::string> ids;
  {
    auto& edits = db_.prepare("SELECT id FROM messages WHERE session_id = ?1 AND about = ?2 AND kind = 'edit'");
    edits.bind(1, session_id).bind(2, message_id);
    while (edits.step()) ids.push_back(edits.text(0));
  }
  auto& stmt = db_.prepare("UPDATE messages SET text = ?3 WHERE session_id = ?1 AND about = ?2 AND kind = 'edit'");
  stmt.bind(1, session_id).bind(2, message_id).bind(3, keys_.seal_text(session_id, ""));
  stmt.run();
  return ids;
}

std::size_t SqlMessageTable::count_carrying(std::string_view session_id, std::string_view attachment_id) {
  auto& stmt = db_.prepare("SELECT count(*) FROM messages WHERE session_id = ?1 AND attachment_id = ?2");
  stmt.bind(1, session_id).bind(2, attachment_id);
  stmt.step();
  auto n = static_cast<std::size_t>(stmt.integer(0));
  stmt.run();
  return n;
}

void SqlMessageTable::set_status(std::string_view message_id, MessageStatus status) {
  auto& stmt = db_.prepare("UPDATE messages SET status = ?2 WHERE id = ?1");
  stmt.bind(1, message_id).bind(2, to_string(status));
  stmt.run();
}

void SqlMessageTable::insert_status_change(std::string_view session_id, const StatusChange& c) {
  auto& stmt = db_.prepare(
      "INSERT INTO status_changes (session_id, seq, message_id, status, ts_ms) VALUES (?1, ?2, ?3, ?4, ?5)");
  stmt.bind(1, session_id).bind(2, static_cast<std::int64_t>(c.seq)).bind(3, c.message_id);
  stmt.bind(4, to_string(c.status)).bind(5, c.ts_ms);
  stmt.run();
}

std::vector<Message> SqlMessageTable::after(std::string_view session_id, std::uint64_t after, std::size_t limit) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM messages WHERE session_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
  stmt.bind(1, session_id).bind(2, static_cast<std::int64_t>(after)).bind(3, static_cast<std::int64_t>(limit));
  std::vector<Message> out;
  while (stmt.step()) out.push_back(read_message(stmt, keys_, session_id));
  return out;
}

std::vector<Message> SqlMessageTable::latest(std::string_view session_id, std::size_t limit) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM messages WHERE session_id = ?1 ORDER BY seq DESC LIMIT ?2");
  stmt.bind(1, session_id).bind(2, static_cast<std::int64_t>(limit));
  std::vector<Message> out;
  while (stmt.step()) out.push_back(read_message(stmt, keys_, session_id));
  std::reverse(out.begin(), out.end());
  return out;
}

std::size_t SqlMessageTable::count_before(std::string_view session_id, std::uint64_t seq) {
  auto& stmt = db_.prepare("SELECT count(*) FROM messages WHERE session_id = ?1 AND seq < ?2 AND author != 'system'");
  stmt.bind(1, session_id).bind(2, static_cast<std::int64_t>(seq));
  stmt.step();
  auto count = static_cast<std::size_t>(stmt.integer(0));
  stmt.run();
  return count;
}

std::vector<LogEntry> SqlMessageTable::log_after(std::string_view session_id, std::uint64_t after, std::size_t limit) {
  // One statement, so messages and status changes come from one snapshot.
  auto& stmt = db_.prepare(
      "SELECT 0, seq, id, cid, author, author_name, kind, text, status, ts_ms, about, time_from_ms, time_to_ms, time_at, "
      "time_size, attachment_id, attachment_kind, attachment_mime, attachment_name, attachment_size FROM messages "
      "WHERE session_id = ?1 AND seq > ?2 "
      "UNION ALL "
      "SELECT 1, seq, message_id, NULL, NULL, NULL, NULL, NULL, status, ts_ms, NULL, NULL, NULL, NULL, NULL, NULL, "
      "NULL, NULL, NULL, NULL "
      "FROM status_changes "
      "WHERE session_id = ?1 AND seq > ?2 "
      "ORDER BY 2 LIMIT ?3");
  stmt.bind(1, session_id).bind(2, static_cast<std::int64_t>(after)).bind(3, static_cast<std::int64_t>(limit));
  std::vector<LogEntry> out;
  while (stmt.step()) {
    if (stmt.integer(0) == 0) {
      out.emplace_back(read_message(stmt, keys_, session_id, 1));
    } else {
      StatusChange change;
      change.seq = static_cast<std::uint64_t>(stmt.integer(1));
      change.message_id = stmt.text(2);
      change.status = message_status_from_string(stmt.text(8)).value_or(MessageStatus::sent);
      change.ts_ms = stmt.integer(9);
      out.emplace_back(std::move(change));
    }
  }
  return out;
}

}  // namespace baton::sql
