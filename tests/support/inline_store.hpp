#pragma once
// A real SQLite store that commits each write at once, on the calling
// thread, and posts its completion to the event loop: the relay's Store
// contract without the writer thread, so that a test or a fuzzer that steps
// the event loop by hand sees the same order of events on every run.

#include <boost/asio/any_io_executor.hpp>
#include <filesystem>

#include "relay/store/sql/sql_tables.hpp"
#include "relay/store/store.hpp"

namespace baton::test {

class InlineStore final : public Store {
 public:
  // `durable` false skips fsync (fuzzing runs thousands of commits a
  // second); `file` may be ":memory:".
  InlineStore(const std::filesystem::path& file, boost::asio::any_io_executor completions, bool durable = true);

  void write(Work work, Done done) override;
  void read(Work work, Done done) override;
  StoreTx& reader() override { return tx_; }
  void close() override { closed_ = true; }
  bool writes_failing() const override { return false; }

 private:
  bool closed_ = false;
  bool reading_ = false;
  boost::asio::any_io_executor completions_;
  sqlite::Database db_;
  sql::ChatKeys keys_;
  sql::SqlTx tx_;
};

}  // namespace baton::test
