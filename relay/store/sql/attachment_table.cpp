#include <algorithm>

#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {
namespace {

constexpr std::string_view attachment_columns = "id, session_id, sha256, kind, mime, name, size, created_ms, claimed";

AttachmentRecord read_attachment(const Statement& row, ChatKeys& keys) {
  AttachmentRecord r;
  r.shown.id = row.text(0);
  r.session_id = row.text(1);
  r.sha256 = row.text(2);
  r.shown.kind = attachment_kind_from_string(row.text(3)).value_or(AttachmentKind::document);
  r.shown.mime = row.text(4);
  r.shown.name = keys.open_text(r.session_id, row.text(5));
  r.shown.size = static_cast<std::uint64_t>(row.integer(6));
  r.created_ms = row.integer(7);
  r.claimed = row.integer(8) != 0;
  return r;
}

std::optional<AttachmentRecord> single(Statement& stmt, ChatKeys& keys) {
  if (!stmt.step()) return std::nullopt;
  auto record = read_attachment(stmt, keys);
  stmt.run();
  return record;
}

constexpr std::string_view fetch_columns = "wamid, inbound, attempts, next_attempt_ms, created_ms, last_error";

MediaFetchRecord read_fetch(const Statement& row, ChatKeys& keys) {
  MediaFetchRecord f;
  f.wamid = row.text(0);
  f.inbound = keys.open_text("", row.text(1));
  f.attempts = static_cast<std::uint32_t>(row.integer(2));
  f.next_attempt_ms = row.integer(3);
  f.created_ms = row.integer(4);
  f.last_error = row.text(5);
  return f;
}

}  // namespace

void SqlAttachmentTable::insert(const AttachmentRecord& r) {
  auto& stmt = db_.prepare("INSERT INTO attachments (" + std::string(attachment_columns) +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  stmt.bind(1, r.shown.id).bind(2, r.session_id).bind(3, r.sha256).bind(4, to_string(r.shown.kind));
  stmt.bind(5, r.shown.mime).bind(6, keys_.seal_text(r.session_id, r.shown.name));
  stmt.bind(7, static_cast<std::int64_t>(r.shown.size)).bind(8, r.created_ms).bind(9, std::int64_t{r.claimed ? 1 : 0});
  try {
    stmt.run();
  } catch (const Error& e) {
    if (e.is_constraint()) throw DuplicateKey(e.what());
    throw;
  }
}

std::optional<AttachmentRecord> SqlAttachmentTable::find(std::string_view session_id, std::string_view id) {
  auto& stmt = db_.prepare("SELECT " + std::string(attachment_columns) +
                           " FROM attachments WHERE session_id = ?1 AND id = ?2");
  stmt.bind(1, session_id).bind(2, id);
  return single(stmt, keys_);
}

std::optional<AttachmentRecord> SqlAttachmentTable::find_by_sha(std::string_view session_id, std::string_view sha256) {
  auto& stmt = db_.prepare("SELECT " + std::string(attachment_columns) +
                           " FROM attachments WHERE session_id = ?1 AND sha256 = ?2");
  stmt.bind(1, session_id).bind(2, sha256);
  return single(stmt, keys_);
}

std::uint64_t SqlAttachmentTable::bytes_used(std::string_view session_id) {
  auto& stmt = db_.prepare("SELECT coalesce(sum(size), 0) FROM attachments WHERE session_id = ?1");
  stmt.bind(1, session_id);
  stmt.step();
  auto total = static_cast<std::uint64_t>(stmt.integer(0));
  stmt.run();
  return total;
}

void SqlAttachmentTable::claim(std::string_view id) {
  auto& stmt = db_.prepare("UPDATE attachments SET claimed = 1 WHERE id = ?1");
  stmt.bind(1, id);
  stmt.run();
}

void SqlAttachmentTable::touch(std::string_view id, std::int64_t now_ms) {
  auto& stmt = db_.prepare("UPDATE attachments SET created_ms = ?2 WHERE id = ?1 AND claimed = 0");
  stmt.bind(1, id).bind(2, now_ms);
  stmt.run();
}

std::vector<AttachmentRecord> SqlAttachmentTable::unclaimed_before(std::int64_t before_ms, std::size_t limit) {
  auto& stmt = db_.prepare("SELECT " + std::string(attachment_columns) +
                           " FROM attachments WHERE claimed = 0 AND created_ms < ?1 ORDER BY created_ms LIMIT ?2");
  stmt.bind(1, before_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<AttachmentRecord> out;
  while (stmt.step()) out.push_back(read_attachment(stmt, keys_));
  return out;
}

std::vector<std::string> SqlAttachmentTable::remove_where(std::string_view column, std::string_view value) {
  std::vector<std::string> hashes;
  {
    auto& stmt = db_.prepare("SELECT DISTINCT sha256 FROM attachments WHERE " + std::string(column) + " = ?1");
    stmt.bind(1, value);
    while (stmt.step()) hashes.push_back(stmt.text(0));
  }
  auto& erase = db_.prepare("DELETE FROM attachments WHERE " + std::string(column) + " = ?1");
  erase.bind(1, value);
  erase.run();
  std::vector<std::string> unused;
  for (const auto& sha : hashes) {
    auto& used = db_.prepare("SELECT 1 FROM attachments WHERE sha256 = ?1 LIMIT 1");
    used.bind(1, sha);
    bool still = used.step();
    used.run();
    if (still) continue;
    // Meta's copy of bytes nobody keeps is forgotten with them.
    auto& media = db_.prepare("DELETE FROM wa_media WHERE sha256 = ?1");
    media.bind(1, sha);
    media.run();
    auto& trash = db_.prepare("INSERT INTO blob_trash (sha256) VALUES (?1) ON CONFLICT DO NOTHING");
    trash.bind(1, sha);
    trash.run();
    unused.push_back(sha);
  }
  return unused;
}

std::vector<std::string> SqlAttachmentTable::remove(std::string_view id) { return remove_where("id", id); }

std::vector<std::string> SqlAttachmentTable::remove_session(std::string_view session_id) {
  return remove_where("session_id", session_id);
}

std::vector<std::string> SqlAttachmentTable::trash(std::size_t limit) {
  auto& stmt = db_.prepare("SELECT sha256 FROM blob_trash LIMIT ?1");
  stmt.bind(1, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.text(0));
  return out;
}

bool SqlAttachmentTable::in_use(std::string_view sha256) {
  auto& stmt = db_.prepare("SELECT 1 FROM attachments WHERE sha256 = ?1 LIMIT 1");
  stmt.bind(1, sha256);
  bool used = stmt.step();
  stmt.run();
  return used;
}

void SqlAttachmentTable::empty_trash(std::string_view sha256) {
  auto& stmt = db_.prepare("DELETE FROM blob_trash WHERE sha256 = ?1");
  stmt.bind(1, sha256);
  stmt.run();
}

std::optional<std::string> SqlAttachmentTable::media_id(std::string_view sha256, std::string_view phone_number_id,
                                                        std::int64_t since_ms) {
  auto& stmt = db_.prepare(
      "SELECT media_id FROM wa_media WHERE sha256 = ?1 AND phone_number_id = ?2 AND uploaded_ms >= ?3");
  stmt.bind(1, sha256).bind(2, phone_number_id).bind(3, since_ms);
  if (!stmt.step()) return std::nullopt;
  auto id = stmt.text(0);
  stmt.run();
  return id;
}

void SqlAttachmentTable::save_media_id(std::string_view sha256, std::string_view phone_number_id,
                                       std::string_view media_id, std::int64_t now_ms) {
  auto& stmt = db_.prepare(
      "INSERT INTO wa_media (sha256, phone_number_id, media_id, uploaded_ms) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (sha256, phone_number_id) DO UPDATE SET media_id = excluded.media_id, "
      "uploaded_ms = excluded.uploaded_ms");
  stmt.bind(1, sha256).bind(2, phone_number_id).bind(3, media_id).bind(4, now_ms);
  stmt.run();
}

void SqlAttachmentTable::queue_fetch(const MediaFetchRecord& f) {
  auto& stmt = db_.prepare("INSERT INTO media_fetches (" + std::string(fetch_columns) +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (wamid) DO NOTHING");
  stmt.bind(1, f.wamid).bind(2, keys_.seal_text("", f.inbound)).bind(3, static_cast<std::int64_t>(f.attempts));
  stmt.bind(4, f.next_attempt_ms).bind(5, f.created_ms).bind(6, f.last_error);
  stmt.run();
}

std::vector<MediaFetchRecord> SqlAttachmentTable::due_fetches(std::int64_t now_ms, std::size_t limit) {
  auto& stmt = db_.prepare(
      "SELECT " + std::string(fetch_columns) +
      " FROM media_fetches WHERE next_attempt_ms <= ?1 ORDER BY next_attempt_ms, created_ms LIMIT ?2");
  stmt.bind(1, now_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<MediaFetchRecord> out;
  while (stmt.step()) out.push_back(read_fetch(stmt, keys_));
  return out;
}

std::optional<MediaFetchRecord> SqlAttachmentTable::find_fetch(std::string_view wamid) {
  auto& stmt = db_.prepare("SELECT " + std::string(fetch_columns) + " FROM media_fetches WHERE wamid = ?1");
  stmt.bind(1, wamid);
  if (!stmt.step()) return std::nullopt;
  auto fetch = read_fetch(stmt, keys_);
  stmt.run();
  return fetch;
}

void SqlAttachmentTable::update_fetch(const MediaFetchRecord& f) {
  auto& stmt = db_.prepare(
      "UPDATE media_fetches SET attempts = ?2, next_attempt_ms = ?3, last_error = ?4 WHERE wamid = ?1");
  stmt.bind(1, f.wamid).bind(2, static_cast<std::int64_t>(f.attempts)).bind(3, f.next_attempt_ms);
  stmt.bind(4, f.last_error);
  stmt.run();
}

void SqlAttachmentTable::rewrite_fetch(std::string_view wamid, std::string_view inbound) {
  auto& stmt = db_.prepare("UPDATE media_fetches SET inbound = ?2 WHERE wamid = ?1");
  stmt.bind(1, wamid).bind(2, keys_.seal_text("", inbound));
  stmt.run();
}

void SqlAttachmentTable::finish_fetch(std::string_view wamid) {
  auto& stmt = db_.prepare("DELETE FROM media_fetches WHERE wamid = ?1");
  stmt.bind(1, wamid);
  stmt.run();
}

std::int64_t SqlAttachmentTable::count_fetches() {
  auto& stmt = db_.prepare("SELECT count(*) FROM media_fetches");
  stmt.step();
  auto n = stmt.integer(0);
  stmt.run();
  return n;
}

}  // namespace baton::sql
