#pragma once
// The store on PostgreSQL (--store postgres://...): the same tables and SQL
// as SQLite's (relay/store/sql/), the same contract (store.hpp,
// tests/unit/store_contract_test.cpp), on three connections of its own:
// - a writer thread commits queued writes in groups, a savepoint per write,
//   and acknowledges each only after COMMIT returns;
// - a reader thread runs reads in order, each in a read-only snapshot
//   (REPEATABLE READ) begun after it was asked for, so it sees every write
//   acknowledged before it;
// - reader() answers the relay's start-up reads on the event loop's
//   thread, before the loop runs.
// The event loop never waits for the database. A connection that breaks (a
// restart, a failover) is opened again on its next use; what was in flight
// fails with an error and is retried by its sender, whose client ids make
// the retry safe.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <string>
#include <thread>

#include "relay/core/secret_box.hpp"
#include "relay/store/job_queue.hpp"
#include "relay/store/postgres/pg_connection.hpp"
#include "relay/store/sql/sql_tables.hpp"
#include "relay/store/store.hpp"

namespace baton::postgres {

class PostgresStore final : public Store {
 public:
  // Connects to `url`, brings the schema up to date and starts the threads;
  // throws sql::Error when the database cannot be reached or used.
  PostgresStore(const std::string& url, boost::asio::any_io_executor completions, const SecretBox::Key& secret_key);
  ~PostgresStore() override;

  void write(Work work, Done done) override;
  void read(Work work, Done done) override;
  StoreTx& reader() override { return *startup_.tx; }
  void close() override;
  bool writes_failing() const override { return writes_failing_; }

  static constexpr std::size_t max_batch = 512;
  // Times a job that conflicted with another relay's transaction runs again.
  static constexpr int max_conflict_rounds = 3;

 private:
  // One connection with the chat keys and tables that run on it.
  struct Side {
    std::unique_ptr<PgConnection> db;
    std::unique_ptr<sql::ChatKeys> keys;
    std::unique_ptr<sql::SqlTx> tx;
  };
  Side open_side(sql::RowLocks locks) const;
  void commit_batch(std::deque<JobQueue::Job>& batch);
  // One transaction over batch[jobs...], a savepoint per job; `errors` gets
  // each job's failure, `jobs` becomes those that failed on a conflict with
  // another transaction. Returns the transaction's own failure.
  std::exception_ptr run_jobs(std::deque<JobQueue::Job>& batch, std::vector<std::size_t>& jobs,
                              std::vector<std::exception_ptr>& errors);
  void read_batch(std::deque<JobQueue::Job>& batch);
  std::exception_ptr run_read(const Store::Work& work);

  std::string url_;
  SecretBox::Key secret_key_;
  Side writer_;
  Side reader_;
  Side startup_;
  std::unique_ptr<JobQueue> writes_;
  std::unique_ptr<JobQueue> reads_;
  std::atomic<bool> writes_failing_ = false;
  std::thread writer_thread_;
  std::thread reader_thread_;
};

}  // namespace baton::postgres
