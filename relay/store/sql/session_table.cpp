#include "common/protocol/binary_codec.hpp"
#include "relay/store/sql/sql_tables.hpp"

namespace baton::sql {
namespace {

constexpr std::string_view columns =
    "id, token_hash, code, state, mode, created_ms, updated_ms, last_seq, context, agent_phone, origin, "
    "visitor_whatsapp, whatsapp_joined_ms, whatsapp_since_seq";

// The context is sealed with the chat's own key; e-mail and phone are kept
// only as keyed hashes (chat_keys.hpp).
SessionRecord read_session(const Statement& row, ChatKeys& keys) {
  SessionRecord s;
  s.id = row.text(0);
  s.token_hash = row.text(1);
  s.code = row.text(2);
  s.state = session_state_from_string(row.text(3)).value_or(SessionState::bot);
  s.mode = handoff_mode_from_string(row.text(4)).value_or(HandoffMode::live);
  s.created_ms = row.integer(5);
  s.updated_ms = row.integer(6);
  s.last_seq = static_cast<std::uint64_t>(row.integer(7));
  s.context = decode_visitor_context(keys.open_bytes(s.id, row.blob(8))).value_or(VisitorContext{});
  s.agent_phone = row.text(9);
  s.origin = row.text(10);
  s.visitor_whatsapp = row.text(11);
  s.whatsapp_joined_ms = row.integer(12);
  s.whatsapp_since_seq = static_cast<std::uint64_t>(row.integer(13));
  return s;
}

// Each text is built once, by the callers below: a webhook finds its chat by
// code, and the cache of prepared statements finds a text by its address
// first (sqlite_db.hpp).
std::string select_where(std::string_view column) {
  return "SELECT " + std::string(columns) + " FROM sessions WHERE " + std::string(column) + " = ?1";
}

}  // namespace

void SqlSessionTable::insert(const SessionRecord& s) {
  keys_.create(s.id);
  auto& stmt = db_.prepare(
      "INSERT INTO sessions (id, token_hash, code, state, mode, created_ms, updated_ms, last_seq, context, "
      "agent_phone, origin, visitor_email, visitor_phone, sealed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
      "?11, ?12, ?13, 1)");
  stmt.bind(1, s.id).bind(2, s.token_hash).bind(3, s.code).bind(4, to_string(s.state)).bind(5, to_string(s.mode));
  stmt.bind(6, s.created_ms).bind(7, s.updated_ms).bind(8, static_cast<std::int64_t>(s.last_seq));
  stmt.bind_blob(9, keys_.seal_bytes(s.id, encode_binary(s.context))).bind(10, s.agent_phone).bind(11, s.origin);
  stmt.bind(12, keys_.visitor_index(email_key(s.context.email))).bind(13, keys_.visitor_index(s.context.phone));
  try {
    stmt.run();
  } catch (const Error& e) {
    if (e.is_constraint()) throw DuplicateKey(e.what());
    throw;
  }
}

std::optional<SessionRecord> SqlSessionTable::find_where(const std::string& select, std::string_view value) {
  auto& stmt = db_.prepare(select);
  stmt.bind(1, value);
  if (!stmt.step()) return std::nullopt;
  auto session = read_session(stmt, keys_);
  stmt.run();
  return session;
}

std::optional<SessionRecord> SqlSessionTable::find(std::string_view id) {
  static const std::string select = select_where("id");
  return find_where(select, id);
}

std::optional<SessionRecord> SqlSessionTable::find_by_code(std::string_view code) {
  static const std::string select = select_where("code");
  return find_where(select, code);
}

std::optional<SessionRecord> SqlSessionTable::find_by_token_hash(std::string_view token_hash) {
  static const std::string select = select_where("token_hash");
  return find_where(select, token_hash);
}

void SqlSessionTable::update(const SessionRecord& s) {
  auto& stmt = db_.prepare(
      "UPDATE sessions SET state = ?2, mode = ?3, context = ?4, agent_phone = ?5, updated_ms = ?6, "
      "visitor_whatsapp = ?7, whatsapp_joined_ms = ?8, whatsapp_since_seq = ?9, visitor_email = ?10, "
      "visitor_phone = ?11 WHERE id = ?1");
  stmt.bind(1, s.id).bind(2, to_string(s.state)).bind(3, to_string(s.mode));
  stmt.bind_blob(4, keys_.seal_bytes(s.id, encode_binary(s.context)));
  stmt.bind(5, s.agent_phone).bind(6, s.updated_ms).bind(7, s.visitor_whatsapp).bind(8, s.whatsapp_joined_ms);
  stmt.bind(9, static_cast<std::int64_t>(s.whatsapp_since_seq));
  stmt.bind(10, keys_.visitor_index(email_key(s.context.email))).bind(11, keys_.visitor_index(s.context.phone));
  stmt.run();
}

std::uint64_t SqlSessionTable::next_seq(std::string_view id, std::int64_t active_ms) {
  constexpr std::string_view advance =
      "UPDATE sessions SET last_seq = last_seq + 1, updated_ms = CASE WHEN updated_ms > ?2 THEN updated_ms ELSE ?2 "
      "END WHERE id = ?1";
  // PostgreSQL answers in the same round trip. SQLite gathers a RETURNING
  // statement's rows in a temporary table first: the update and a read of
  // the row it has just changed cost about a third less (measured in
  // docs/benchmarks.md), and every message takes a number.
  static const std::string advance_returning = std::string(advance) + " RETURNING last_seq";
  const bool postgres = db_.dialect() == Dialect::postgres;
  auto* row = &db_.prepare(postgres ? std::string_view(advance_returning) : advance);
  row->bind(1, id).bind(2, active_ms);
  if (!postgres) {
    row->run();
    row = &db_.prepare("SELECT last_seq FROM sessions WHERE id = ?1");
    row->bind(1, id);
  }
  // No row: no such chat (the update changed nothing either).
  if (!row->step()) throw Error("no session " + std::string(id), 0);
  auto seq = static_cast<std::uint64_t>(row->integer(0));
  row->run();
  return seq;
}

std::int64_t SqlSessionTable::count_with_person_from(std::string_view address, std::string_view except) {
  auto& stmt = db_.prepare(
      "SELECT count(*) FROM sessions WHERE handoff_address = ?1 AND state IN ('waiting', 'live') AND id != ?2");
  stmt.bind(1, keys_.visitor_index(address)).bind(2, except);
  stmt.step();
  auto n = stmt.integer(0);
  stmt.run();
  return n;
}

void SqlSessionTable::set_handoff_address(std::string_view session_id, std::string_view address) {
  auto& stmt = db_.prepare("UPDATE sessions SET handoff_address = ?2 WHERE id = ?1");
  stmt.bind(1, session_id).bind(2, keys_.visitor_index(address));
  stmt.run();
}

std::int64_t SqlSessionTable::count_open_for_agent(std::string_view agent_phone) {
  auto& stmt = db_.prepare("SELECT count(*) FROM sessions WHERE agent_phone = ?1 AND state IN ('waiting', 'live')");
  stmt.bind(1, agent_phone);
  stmt.step();
  auto n = stmt.integer(0);
  stmt.run();
  return n;
}

std::vector<SessionRecord> SqlSessionTable::open_for_agent(std::string_view agent_phone) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) +
                           " FROM sessions WHERE agent_phone = ?1 AND state IN ('waiting', 'live') "
                           "ORDER BY updated_ms DESC, id");
  stmt.bind(1, agent_phone);
  std::vector<SessionRecord> out;
  while (stmt.step()) out.push_back(read_session(stmt, keys_));
  return out;
}

std::optional<SessionRecord> SqlSessionTable::latest_for_visitor_whatsapp(std::string_view phone,
                                                                          bool open_and_joined) {
  // "!= ''" lets SQLite use the partial index on visitor_whatsapp.
  auto& stmt = db_.prepare(
      "SELECT " + std::string(columns) +
      " FROM sessions WHERE visitor_whatsapp = ?1 AND visitor_whatsapp != '' AND mode = 'whatsapp' "
      "AND (?2 = 0 OR (whatsapp_joined_ms > 0 AND state IN ('waiting', 'live'))) "
      "ORDER BY updated_ms DESC, id LIMIT 1");
  stmt.bind(1, phone).bind(2, static_cast<std::int64_t>(open_and_joined ? 1 : 0));
  if (!stmt.step()) return std::nullopt;
  auto session = read_session(stmt, keys_);
  stmt.run();
  return session;
}

std::vector<SessionRecord> SqlSessionTable::recent(std::size_t limit) {
  auto& stmt = db_.prepare("SELECT " + std::string(columns) + " FROM sessions ORDER BY updated_ms DESC, id LIMIT ?1");
  stmt.bind(1, static_cast<std::int64_t>(limit));
  std::vector<SessionRecord> out;
  while (stmt.step()) out.push_back(read_session(stmt, keys_));
  return out;
}

}  // namespace baton::sql
