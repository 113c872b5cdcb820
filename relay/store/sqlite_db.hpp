#pragma once
// A thin RAII layer over one SQLite connection: prepared statements cached by
// their SQL text, parameters always bound (never spliced into SQL), and errors
// thrown with the statement that caused them.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace baton::sqlite {

class Error : public std::runtime_error {
 public:
  Error(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }
  bool is_constraint() const;

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t number);
  Statement& bind_real(int index, double number);
  Statement& bind_null(int index);
  Statement& bind_optional(int index, const std::optional<std::string>& text);
  Statement& bind_blob(int index, std::string_view bytes);

  // True while a row is available.
  bool step();
  // Runs to completion; for statements that return no rows.
  void run();

  std::int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;
  bool is_null(int column) const;

 private:
  friend class Database;
  void reset();
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  enum class Mode { read_write, read_only };

  Database(const std::filesystem::path& file, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  // The cached statement for `sql`, reset and cleared of earlier bindings.
  Statement& prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  // Whether SQLite fell back to reading only (the file or disk is read-only).
  bool read_only() const;
  // Resets every statement still part way through its rows. A cached
  // statement that returned one row and was left there keeps its snapshot
  // open after COMMIT, and a checkpoint can never get past that snapshot.
  void finish_statements();

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
};

}  // namespace baton::sqlite
