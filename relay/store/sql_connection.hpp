#pragma once
// What the store's tables need of a SQL database: statements prepared once
// and cached by their text, parameters always bound (never spliced into
// SQL), rows read column by column, and errors that say whether a UNIQUE
// constraint refused a row. SQLite (sqlite_db.hpp) and PostgreSQL
// (postgres/pg_connection.hpp) implement it, so the tables' SQL is written
// once (relay/store/sql/).
//
// Statements are written with SQLite's numbered parameters (?1, ?2, ...);
// the PostgreSQL connection turns them into $1, $2, ... Where the two
// dialects differ, a table asks `dialect()` and says both.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace baton::sql {

enum class Dialect { sqlite, postgres };

class Error : public std::runtime_error {
 public:
  Error(const std::string& what, int code, bool constraint = false, bool conflict = false)
      : std::runtime_error(what), code_(code), constraint_(constraint), conflict_(conflict) {}
  int code() const { return code_; }
  // A UNIQUE (or other) constraint refused the row; the transaction goes on.
  bool is_constraint() const { return constraint_; }
  // Another transaction held what this one needed (a deadlock, a lock wait
  // that timed out): the same work may succeed once that one has finished.
  bool is_conflict() const { return conflict_; }

 private:
  int code_;
  bool constraint_;
  bool conflict_;
};

class Statement {
 public:
  virtual ~Statement() = default;

  virtual Statement& bind(int index, std::string_view text) = 0;
  virtual Statement& bind(int index, std::int64_t number) = 0;
  virtual Statement& bind_real(int index, double number) = 0;
  virtual Statement& bind_null(int index) = 0;
  virtual Statement& bind_blob(int index, std::string_view bytes) = 0;
  Statement& bind_optional(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
  }

  // True while a row is available.
  virtual bool step() = 0;
  // Runs to completion; for statements that return no rows.
  void run() {
    while (step()) {
    }
  }

  virtual std::int64_t integer(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual std::string blob(int column) const = 0;
  virtual bool is_null(int column) const = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one or more statements without parameters.
  virtual void exec(std::string_view sql) = 0;
  // The cached statement for `sql`, reset and cleared of earlier bindings.
  virtual Statement& prepare(std::string_view sql) = 0;
  // The same, for a statement other than a single-row INSERT whose
  // constraint refusal the caller catches and goes on from (an UPDATE that
  // may take a UNIQUE value): the transaction must survive the refusal.
  // SQLite's does; PostgreSQL's runs the statement inside a savepoint.
  virtual Statement& prepare_guarded(std::string_view sql) { return prepare(sql); }
  // Rows changed by the last statement that ran to completion.
  virtual int changes() const = 0;
  // Resets every statement still part way through its rows (SQLite keeps a
  // snapshot open for one; see sqlite_db.hpp).
  virtual void finish_statements() = 0;
};

}  // namespace baton::sql
