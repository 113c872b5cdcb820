#pragma once
// The SQLite store: WAL journal, synchronous=FULL, one writer thread that
// commits queued writes in groups (one fsync for many acknowledgements), and a
// read-only connection for the event loop. What visitors wrote is encrypted
// with a key per chat, kept beside the database in chat-keys.db
// (chat_keys.hpp).

#include <atomic>
#include <deque>
#include <filesystem>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "relay/store/job_queue.hpp"
#include "relay/store/sql/sql_tables.hpp"
#include "relay/store/sqlite/background_checkpoint.hpp"
#include "relay/store/store.hpp"

namespace baton::sqlite {

using sql::ChatKeys;
using sql::SqlTx;

class SqliteStore final : public Store {
 public:
  // Opens (creating and migrating if needed) `file` and the chat keys beside
  // it, sealed with `secret_key`; `done` callbacks are posted to
  // `completions`.
  // `checkpoint_marks`: when the log is checkpointed (background_checkpoint.hpp).
  SqliteStore(const std::filesystem::path& file, boost::asio::any_io_executor completions,
              const SecretBox::Key& secret_key, BackgroundCheckpoint::Marks checkpoint_marks = {});
  ~SqliteStore() override;

  void write(Work work, Done done) override;
  void read(Work work, Done done) override;
  StoreTx& reader() override { return *reader_tx_; }
  void close() override;
  bool writes_failing() const override { return writes_failing_; }
  // Checkpoint rounds run beside the writer so far (for tests).
  int background_checkpoints() const { return checkpoint_ ? checkpoint_->rounds() : 0; }

  // Most writes committed together; a bound keeps one commit's latency short.
  static constexpr std::size_t max_batch = 512;

 private:
  void commit_batch(std::deque<JobQueue::Job>& batch);
  // One transaction for the whole group: false, with nothing left of it,
  // when a job threw; a failed commit is in `commit_error`.
  bool run_together(std::deque<JobQueue::Job>& batch, std::exception_ptr& commit_error);
  // One savepoint per job, whose failure lands in `errors`; true when one did.
  bool run_each(std::deque<JobQueue::Job>& batch, std::vector<std::exception_ptr>& errors,
                std::exception_ptr& commit_error);
  // Makes the group durable (its chats' new keys first); a failure rolls it
  // back and lands in `commit_error`.
  void finish_group(std::exception_ptr& commit_error);
  void roll_back();
  // Transaction control goes through cached statements: compiling
  // "SAVEPOINT job" for every write was a tenth of the writer's work.
  void control(std::string_view sql);
  void catch_up_log();

  boost::asio::any_io_executor completions_;
  std::unique_ptr<Database> writer_db_;
  std::unique_ptr<Database> reader_db_;
  std::unique_ptr<ChatKeys> writer_keys_;
  std::unique_ptr<ChatKeys> reader_keys_;
  std::unique_ptr<SqlTx> writer_tx_;
  std::unique_ptr<SqlTx> reader_tx_;
  std::unique_ptr<BackgroundCheckpoint> checkpoint_;
  // Frames in the log after the last commit (the writer's thread only).
  int log_frames_ = 0;

  std::unique_ptr<JobQueue> writes_;
  CommitLinger linger_;
  std::atomic<bool> writes_failing_ = false;
  // Groups still to run job by job after one whose job failed.
  static constexpr int careful_after_failure = 16;
  int careful_groups_ = 0;
  std::thread writer_;
};

}  // namespace baton::sqlite
