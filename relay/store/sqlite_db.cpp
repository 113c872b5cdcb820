#include "relay/store/sqlite_db.hpp"

#include <sqlite3.h>

#include "relay/store/gathered_wal.hpp"

namespace baton::sqlite {
namespace {

[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view context) {
  throw Error(std::string(context) + ": " + sqlite3_errmsg(db), code, (code & 0xFF) == SQLITE_CONSTRAINT);
}

}  // namespace

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
  // An empty view may have no data pointer, which SQLite binds as NULL: it
  // is text, "" (found on review: `?2 = ''` never held for `{}`, so the
  // hourly caps on mail copies counted nothing, while PostgreSQL's did).
  int rc = sqlite3_bind_text(stmt_, index, text.data() ? text.data() : "", static_cast<int>(text.size()),
                             SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::int64_t number) {
  int rc = sqlite3_bind_int64(stmt_, index, number);
  if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_real(int index, double number) {
  int rc = sqlite3_bind_double(stmt_, index, number);
  if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  int rc = sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(stmt_);
  sqlite3_reset(stmt_);
  throw_error(db_, rc, sql);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  return data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)) : std::string();
}

std::string Statement::blob(int column) const {
  const auto* data = sqlite3_column_blob(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size)) : std::string();
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Database::Database(const std::filesystem::path& file, Mode mode) {
  // Once, before the first connection: SQLite's memory statistics take a
  // process-wide mutex on every allocation, and nothing here reads them.
  static const int unmetered = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)unmetered;
  int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread only
  // A connection that writes gathers its log's writes (gathered_wal.hpp):
  // the store's and the chat keys' writers both commit with
  // synchronous = FULL, which that depends on.
  const char* vfs = mode == Mode::read_write ? gathered_wal_vfs() : nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &db_, flags, vfs);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw Error("open " + file.string() + ": " + message, rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  // The writer holds the lock only for a group commit; readers never block it
  // in WAL mode. The timeout covers checkpoints and a second process.
  sqlite3_busy_timeout(db_, 5000);
  // Statement journals and sort space stay in memory. Every write runs in a
  // savepoint (one job's failure undoes only that job), so SQLite keeps the
  // pages a batch changes in a statement journal; on the default temp store
  // that journal spills to a new file in /var/tmp past 64 KiB, and a group
  // commit of webhooks cost three writes to such files for each write to the
  // database (docs/benchmarks.md). Memory also leaves no erased page behind
  // in a stray file.
  exec("PRAGMA temp_store = MEMORY");
  // A reader keeps a small page cache (256 KiB, not SQLite's 2 MB). In WAL
  // mode a connection empties its cache whenever another one has committed
  // since its last read, so under load the reader's cache never holds more
  // than a read's pages; only in quiet times did it fill, with pages of
  // every chat a tab had opened (docs/benchmarks.md, memory per idle
  // stream), which the operating system's file cache holds anyway.
  if (mode == Mode::read_only) exec("PRAGMA cache_size = -256");
}

bool Database::read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

void Database::finish_statements() {
  for (sqlite3_stmt* stmt = sqlite3_next_stmt(db_, nullptr); stmt; stmt = sqlite3_next_stmt(db_, stmt)) {
    if (sqlite3_stmt_busy(stmt)) sqlite3_reset(stmt);
  }
}

void Database::on_log_commit(std::function<void(int frames)> hook) {
  log_hook_ = std::move(hook);
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int frames) {
        static_cast<Database*>(self)->log_hook_(frames);
        return SQLITE_OK;
      },
      this);
}

Database::~Database() {
  by_address_.clear();
  statements_.clear();
  sqlite3_close_v2(db_);
}

void Database::exec(std::string_view sql) {
  std::string copy(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : "error";
    sqlite3_free(message);
    throw Error(text + " in: " + copy.substr(0, 80), rc);
  }
}

Statement& Database::prepare(std::string_view sql) {
  if (auto seen = by_address_.find(sql.data()); seen != by_address_.end() && seen->second.text == sql) {
    seen->second.statement->reset();
    return *seen->second.statement;
  }
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                nullptr);
    if (rc != SQLITE_OK) throw_error(db_, rc, "prepare " + std::string(sql));
    it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_, stmt)).first;
  }
  // Texts built at run time would add addresses without end.
  constexpr std::size_t addresses_kept = 4096;
  if (by_address_.size() >= addresses_kept) by_address_.clear();
  by_address_[sql.data()] = Seen{it->first, it->second.get()};
  it->second->reset();
  return *it->second;
}

int Database::changes() const { return sqlite3_changes(db_); }

}  // namespace baton::sqlite
