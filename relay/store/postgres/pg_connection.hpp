#pragma once
// One PostgreSQL connection (libpq) behind the store's SQL interface
// (sql_connection.hpp), so that the tables' SQL, written once in SQLite's
// dialect, runs here too:
// - ?1, ?2, ... become $1, $2, ... (to_postgres below);
// - every statement is prepared once per connection and cached by its text;
// - parameters go as text (bytes as binary) and PostgreSQL infers their
//   types from where they stand; rows come back as text;
// - a single-row INSERT that a UNIQUE constraint refuses throws a constraint
//   error as SQLite's does, and the transaction goes on: it runs with ON
//   CONFLICT DO NOTHING, and no row inserted is the refusal. (A failed
//   statement would otherwise abort the whole transaction, and with it every
//   write of a group commit.) An UPDATE whose refusal the caller handles is
//   prepared with prepare_guarded, which wraps it in a savepoint.
//
// Calls block: a connection belongs to one of the store's threads, never to
// the event loop's (postgres_store.hpp).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relay/store/sql_connection.hpp"

struct pg_conn;
struct pg_result;

namespace baton::postgres {

// A statement in SQLite's dialect as PostgreSQL takes it, and what the
// connection must know to run it.
struct TranslatedSql {
  std::string text;
  int parameters = 0;  // the highest ?N
  // A single-row INSERT given ON CONFLICT DO NOTHING: no row is a refusal.
  bool refusal_by_count = false;
  // INSERT, UPDATE or DELETE: its row count is what changes() reports.
  bool changes_rows = false;
};
TranslatedSql to_postgres(std::string_view sqlite_sql);

class PgConnection;

class PgStatement final : public sql::Statement {
 public:
  PgStatement(PgConnection& connection, std::string name, TranslatedSql sql, bool guarded);
  ~PgStatement() override;
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

  using sql::Statement::bind;
  PgStatement& bind(int index, std::string_view text) override;
  PgStatement& bind(int index, std::int64_t number) override;
  PgStatement& bind_real(int index, double number) override;
  PgStatement& bind_null(int index) override;
  PgStatement& bind_blob(int index, std::string_view bytes) override;

  bool step() override;

  std::int64_t integer(int column) const override;
  double real(int column) const override;
  std::string text(int column) const override;
  std::string blob(int column) const override;
  bool is_null(int column) const override;

  // Clears the bindings and any rows of the last run.
  void reset();
  const std::string& name() const { return name_; }
  const TranslatedSql& sql() const { return sql_; }
  bool midway() const { return result_ != nullptr; }

 private:
  void set(int index, std::optional<std::string> value, bool binary);
  void execute();
  const char* value(int column) const;

  PgConnection& connection_;
  std::string name_;
  TranslatedSql sql_;
  bool guarded_;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> binary_;
  pg_result* result_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
};

class PgConnection final : public sql::Connection {
 public:
  // `url`: postgres://user:password@host:port/database?options, or any
  // connection string libpq takes. Throws sql::Error when it cannot connect.
  explicit PgConnection(const std::string& url);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::postgres; }
  void exec(std::string_view sql) override;
  PgStatement& prepare(std::string_view sql) override;
  PgStatement& prepare_guarded(std::string_view sql) override;
  int changes() const override { return changes_; }
  void finish_statements() override;
  // COMMIT, and a failure if the server rolled back instead (it answers an
  // aborted transaction's COMMIT with ROLLBACK, not with an error).
  void commit();

  // After a failure: when the server went away (a restart, a failover),
  // connects again and forgets the prepared statements, which died with
  // the old session. False when it still cannot connect.
  bool recover();
  bool broken() const;

 private:
  friend class PgStatement;
  PgStatement& cached(std::string_view sql, bool guarded);
  [[noreturn]] void fail(pg_result* result, std::string_view context);
  void prepare_on_server(PgStatement& statement);
  // What every session of this connection is set up with (again after a reset).
  void configure_session();

  pg_conn* conn_ = nullptr;
  std::map<std::string, std::unique_ptr<PgStatement>, std::less<>> statements_;
  int next_name_ = 0;
  int changes_ = 0;
  // The connection failed under a statement (fail); recover() resets it.
  bool lost_ = false;
};

}  // namespace baton::postgres
