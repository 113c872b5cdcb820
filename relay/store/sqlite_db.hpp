#pragma once
// One SQLite connection behind the store's SQL interface (sql_connection.hpp):
// prepared statements cached by their SQL text, and errors thrown with the
// statement that caused them.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "relay/store/sql_connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace baton::sqlite {

using Error = sql::Error;

class Statement final : public sql::Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  using sql::Statement::bind;
  Statement& bind(int index, std::string_view text) override;
  Statement& bind(int index, std::int64_t number) override;
  Statement& bind_real(int index, double number) override;
  Statement& bind_null(int index) override;
  Statement& bind_blob(int index, std::string_view bytes) override;

  bool step() override;

  std::int64_t integer(int column) const override;
  double real(int column) const override;
  std::string text(int column) const override;
  std::string blob(int column) const override;
  bool is_null(int column) const override;

 private:
  friend class Database;
  void reset();
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Database final : public sql::Connection {
 public:
  enum class Mode { read_write, read_only };

  Database(const std::filesystem::path& file, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::sqlite; }
  void exec(std::string_view sql) override;
  Statement& prepare(std::string_view sql) override;
  int changes() const override;
  // Whether SQLite fell back to reading only (the file or disk is read-only).
  bool read_only() const;
  // Resets every statement still part way through its rows. A cached
  // statement that returned one row and was left there keeps its snapshot
  // open after COMMIT, and a checkpoint can never get past that snapshot.
  void finish_statements() override;
  // Called after each commit of this connection with the frames its
  // write-ahead log now holds. Setting it ends SQLite's own checkpoints on
  // this connection: the hook's owner checkpoints instead.
  void on_log_commit(std::function<void(int frames)> hook);

 private:
  sqlite3* db_ = nullptr;
  std::function<void(int)> log_hook_;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
  // The same statements by where their text lies. Most SQL is a string
  // literal, asked for again from the same address: a webhook runs about
  // fifteen statements, and walking the map compared long texts with
  // shared beginnings some seven times for each (docs/benchmarks.md). The
  // text is still compared once, since a string built at run time may
  // later hold other SQL at the same address.
  struct Seen {
    std::string_view text;  // the map's key
    Statement* statement;
  };
  std::unordered_map<const char*, Seen> by_address_;
};

}  // namespace baton::sqlite
