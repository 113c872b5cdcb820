#include "relay/store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>

namespace baton::postgres {
namespace {

// SQLSTATE class 23: integrity constraint violation (23505 is UNIQUE).
bool is_constraint_state(const char* state) { return state && state[0] == '2' && state[1] == '3'; }

// deadlock_detected, serialization_failure, lock_not_available (lock_timeout).
bool is_conflict_state(std::string_view state) { return state == "40P01" || state == "40001" || state == "55P03"; }

std::string_view trim_front(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  return s;
}

bool starts_with_word(std::string_view s, std::string_view word) {
  s = trim_front(s);
  if (s.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != word[i]) return false;
  }
  return s.size() == word.size() || s[word.size()] == ' ' || s[word.size()] == '\n';
}

std::string without_trailing_newlines(std::string message) {
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return message;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

TranslatedSql to_postgres(std::string_view in) {
  TranslatedSql out;
  out.text.reserve(in.size() + 32);
  bool quoted = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\'') quoted = !quoted;
    if (c != '?' || quoted) {
      out.text += c;
      continue;
    }
    std::size_t end = i + 1;
    while (end < in.size() && in[end] >= '0' && in[end] <= '9') ++end;
    int number = 0;
    std::from_chars(in.data() + i + 1, in.data() + end, number);
    if (number > out.parameters) out.parameters = number;
    out.text += '$';
    out.text.append(in.substr(i + 1, end - i - 1));
    i = end - 1;
  }
  out.changes_rows = starts_with_word(in, "INSERT") || starts_with_word(in, "UPDATE") || starts_with_word(in, "DELETE");
  bool single_row_insert = starts_with_word(in, "INSERT") && in.find(" VALUES ") != std::string_view::npos &&
                           in.find("ON CONFLICT") == std::string_view::npos;
  if (single_row_insert) {
    out.refusal_by_count = true;
    auto returning = out.text.find(" RETURNING ");
    if (returning == std::string::npos) out.text += " ON CONFLICT DO NOTHING";
    else out.text.insert(returning, " ON CONFLICT DO NOTHING");
  }
  return out;
}

PgStatement::PgStatement(PgConnection& connection, std::string name, TranslatedSql sql, bool guarded)
    : connection_(connection),
      name_(std::move(name)),
      sql_(std::move(sql)),
      guarded_(guarded),
      values_(static_cast<std::size_t>(sql_.parameters)),
      binary_(static_cast<std::size_t>(sql_.parameters), 0) {}

PgStatement::~PgStatement() { PQclear(result_); }

void PgStatement::set(int index, std::optional<std::string> value, bool binary) {
  if (index < 1 || index > sql_.parameters) {
    throw sql::Error("bind: no parameter ?" + std::to_string(index) + " in " + sql_.text, 0);
  }
  auto at = static_cast<std::size_t>(index - 1);
  values_[at] = std::move(value);
  binary_[at] = binary ? 1 : 0;
}

PgStatement& PgStatement::bind(int index, std::string_view text) {
  set(index, std::string(text), false);
  return *this;
}

PgStatement& PgStatement::bind(int index, std::int64_t number) {
  set(index, std::to_string(number), false);
  return *this;
}

PgStatement& PgStatement::bind_real(int index, double number) {
  char buffer[64];
  auto written = std::to_chars(buffer, buffer + sizeof buffer, number);
  set(index, std::string(buffer, static_cast<std::size_t>(written.ptr - buffer)), false);
  return *this;
}

PgStatement& PgStatement::bind_null(int index) {
  set(index, std::nullopt, false);
  return *this;
}

PgStatement& PgStatement::bind_blob(int index, std::string_view bytes) {
  set(index, std::string(bytes), true);
  return *this;
}

void PgStatement::reset() {
  PQclear(result_);
  result_ = nullptr;
  rows_ = 0;
  row_ = -1;
  for (auto& v : values_) v.reset();
  std::fill(binary_.begin(), binary_.end(), 0);
}

void PgStatement::execute() {
  std::vector<const char*> values(values_.size());
  std::vector<int> lengths(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    values[i] = values_[i] ? values_[i]->data() : nullptr;
    lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
  }
  if (guarded_) connection_.exec("SAVEPOINT guarded");
  auto* result = PQexecPrepared(connection_.conn_, name_.c_str(), sql_.parameters, values.data(), lengths.data(),
                                binary_.data(), 0);
  auto status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    if (guarded_ && is_constraint_state(PQresultErrorField(result, PG_DIAG_SQLSTATE))) {
      try {
        connection_.exec("ROLLBACK TO SAVEPOINT guarded; RELEASE SAVEPOINT guarded");
      } catch (...) {
        PQclear(result);
        throw;
      }
    }
    connection_.fail(result, sql_.text);
  }
  if (guarded_) connection_.exec("RELEASE SAVEPOINT guarded");
  int changed = 0;
  const char* count = PQcmdTuples(result);
  if (count && *count) std::from_chars(count, count + std::char_traits<char>::length(count), changed);
  if (sql_.changes_rows) connection_.changes_ = changed;
  if (sql_.refusal_by_count && changed == 0) {
    PQclear(result);
    throw sql::Error("a UNIQUE constraint refused the row: " + sql_.text, 23505, true);
  }
  result_ = result;
  rows_ = PQntuples(result);
  row_ = -1;
}

bool PgStatement::step() {
  if (!result_) execute();
  if (row_ + 1 < rows_) {
    ++row_;
    return true;
  }
  PQclear(result_);
  result_ = nullptr;
  rows_ = 0;
  row_ = -1;
  return false;
}

const char* PgStatement::value(int column) const {
  if (!result_ || row_ < 0 || column < 0 || column >= PQnfields(result_)) {
    throw sql::Error("no column " + std::to_string(column) + " in the current row of " + sql_.text, 0);
  }
  return PQgetvalue(result_, row_, column);
}

std::int64_t PgStatement::integer(int column) const {
  const char* v = value(column);
  // A comparison comes back as a boolean, where SQLite gives 1 or 0.
  if (v[0] == 't' && v[1] == '\0') return 1;
  if (v[0] == 'f' && v[1] == '\0') return 0;
  // A numeric (a sum of BIGINTs) or a real gives its whole part, as
  // SQLite's integer of a real does.
  std::int64_t number = 0;
  auto parsed = std::from_chars(v, v + std::char_traits<char>::length(v), number);
  if (parsed.ec != std::errc()) return static_cast<std::int64_t>(std::strtod(v, nullptr));
  return number;
}

double PgStatement::real(int column) const { return std::strtod(value(column), nullptr); }

std::string PgStatement::text(int column) const {
  const char* v = value(column);
  return std::string(v, static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

std::string PgStatement::blob(int column) const {
  // bytea in text form: \x and two hex digits per byte.
  auto hex = std::string_view(value(column), static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x') return std::string(hex);
  hex.remove_prefix(2);
  std::string bytes(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(hex_value(hex[2 * i]) * 16 + hex_value(hex[2 * i + 1]));
  }
  return bytes;
}

bool PgStatement::is_null(int column) const {
  value(column);
  return PQgetisnull(result_, row_, column) == 1;
}

PgConnection::PgConnection(const std::string& url) {
  conn_ = PQconnectdb(url.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = without_trailing_newlines(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw sql::Error("cannot connect to PostgreSQL: " + message, 0);
  }
  configure_session();
}

void PgConnection::configure_session() {
  // Notices (an index that already exists, say) are not errors; the relay
  // logs what matters itself.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  exec("SET client_min_messages = warning");
}

PgConnection::~PgConnection() {
  statements_.clear();
  PQfinish(conn_);
}

void PgConnection::fail(pg_result* result, std::string_view context) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(conn_);
  message = without_trailing_newlines(std::move(message));
  int code = 0;
  if (state) std::from_chars(state, state + 5, code);
  bool constraint = is_constraint_state(state);
  // No SQLSTATE is libpq's own error (the connection broke); class 08 and
  // 57P0x are the server's (connection failure, shutting down). libpq does
  // not always mark such a connection bad, so the next use resets it.
  std::string_view sqlstate = state ? state : "";
  if (sqlstate.empty() || sqlstate.starts_with("08") || sqlstate.starts_with("57P0")) lost_ = true;
  bool conflict = is_conflict_state(sqlstate);
  PQclear(result);
  throw sql::Error(std::string(context.substr(0, 200)) + ": " + message, code, constraint, conflict);
}

void PgConnection::exec(std::string_view sql) {
  std::string copy(sql);
  auto* result = PQexec(conn_, copy.c_str());
  auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, copy);
  PQclear(result);
}

void PgConnection::commit() {
  auto* result = PQexec(conn_, "COMMIT");
  if (PQresultStatus(result) != PGRES_COMMAND_OK) fail(result, "COMMIT");
  std::string_view tag = PQcmdStatus(result);
  bool committed = tag == "COMMIT";
  PQclear(result);
  if (!committed) throw sql::Error("COMMIT: the transaction was rolled back", 0);
}

void PgConnection::prepare_on_server(PgStatement& statement) {
  auto* result = PQprepare(conn_, statement.name().c_str(), statement.sql().text.c_str(), 0, nullptr);
  if (PQresultStatus(result) != PGRES_COMMAND_OK) fail(result, "prepare " + statement.sql().text);
  PQclear(result);
}

PgStatement& PgConnection::cached(std::string_view sql, bool guarded) {
  // The same text prepared guarded and not is two statements.
  std::string key = (guarded ? "guarded:" : "") + std::string(sql);
  auto it = statements_.find(key);
  if (it == statements_.end()) {
    auto statement = std::make_unique<PgStatement>(*this, "s" + std::to_string(++next_name_), to_postgres(sql),
                                                   guarded);
    prepare_on_server(*statement);
    it = statements_.emplace(std::move(key), std::move(statement)).first;
  }
  it->second->reset();
  return *it->second;
}

PgStatement& PgConnection::prepare(std::string_view sql) { return cached(sql, false); }

PgStatement& PgConnection::prepare_guarded(std::string_view sql) { return cached(sql, true); }

void PgConnection::finish_statements() {
  for (auto& [text, statement] : statements_) {
    if (statement->midway()) statement->reset();
  }
}

bool PgConnection::broken() const { return lost_ || PQstatus(conn_) != CONNECTION_OK; }

bool PgConnection::recover() {
  if (!broken()) return true;
  statements_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return false;
  lost_ = false;
  configure_session();
  return true;
}

}  // namespace baton::postgres
