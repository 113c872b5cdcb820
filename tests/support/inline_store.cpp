#include "tests/support/inline_store.hpp"

#include <boost/asio/post.hpp>

#include "relay/store/commit_metrics.hpp"
#include "relay/store/sqlite/schema.hpp"
#include "tests/support/test_secret_key.hpp"

namespace baton::test {
namespace {

// Beside the database, or in memory as it is.
std::filesystem::path keys_file(const std::filesystem::path& file) {
  return file == ":memory:" ? file : file.parent_path() / "chat-keys.db";
}

}  // namespace

InlineStore::InlineStore(const std::filesystem::path& file, boost::asio::any_io_executor completions, bool durable)
    : completions_(std::move(completions)),
      db_(file, sqlite::Database::Mode::read_write),
      keys_(keys_file(file), sqlite::Database::Mode::read_write, test_secret_key()),
      tx_(db_, keys_) {
  db_.exec("PRAGMA journal_mode = WAL");
  db_.exec(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");
  db_.exec("PRAGMA foreign_keys = ON");
  sqlite::migrate(db_);
}

void InlineStore::write(Work work, Done done) {
  std::exception_ptr error;
  if (closed_) {
    boost::asio::post(completions_, [done = std::move(done)] { done(std::make_exception_ptr(StoreClosed())); });
    return;
  }
  if (reading_) {
    // One connection: a write asked for during a read waits until it ends.
    boost::asio::post(completions_, [this, work = std::move(work), done = std::move(done)]() mutable {
      write(std::move(work), std::move(done));
    });
    return;
  }
  db_.exec("BEGIN IMMEDIATE");
  keys_.mark_job();
  try {
    work(tx_);
    keys_.commit_created();
    db_.exec("COMMIT");
    keys_.after_commit(true);
  } catch (...) {
    error = std::current_exception();
    db_.exec("ROLLBACK");
    keys_.undo_job();
    keys_.after_commit(false);
    commit_metrics().failed.inc();
  }
  boost::asio::post(completions_, [done = std::move(done), error] { done(error); });
}

void InlineStore::read(Work work, Done done) {
  std::exception_ptr error;
  if (closed_) {
    error = std::make_exception_ptr(StoreClosed());
  } else {
    db_.exec("BEGIN");
    reading_ = true;
    try {
      work(tx_);
    } catch (...) {
      error = std::current_exception();
    }
    reading_ = false;
    db_.exec("COMMIT");
  }
  boost::asio::post(completions_, [done = std::move(done), error] { done(error); });
}

}  // namespace baton::test
