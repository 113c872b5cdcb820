#include "relay/store/sqlite/sqlite_store.hpp"

#include <boost/asio/post.hpp>
#include <chrono>

#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/store/commit_metrics.hpp"
#include "relay/store/sqlite/legacy_sealing.hpp"
#include "relay/store/sqlite/schema.hpp"

namespace baton::sqlite {
namespace {

metrics::Counter& failed_checkpoints() {
  static auto& counter = metrics::registry().counter("baton_store_failed_checkpoints_total",
                                                     "Checkpoints after an erase that could not complete at once");
  return counter;
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& file, boost::asio::any_io_executor completions,
                         const SecretBox::Key& secret_key, BackgroundCheckpoint::Marks checkpoint_marks)
    : completions_(completions),
      writes_(std::make_unique<JobQueue>(std::move(completions), &commit_metrics().queued)),
      linger_({}, &commit_metrics().lingered) {
  failed_checkpoints();  // on /metrics from the start, not from the first failure
  writer_db_ = std::make_unique<Database>(file, Database::Mode::read_write);
  // SQLite opens a file it may not write read-only, without a word: the
  // relay would start and then refuse every write.
  if (writer_db_->read_only()) throw Error("cannot write " + file.string() + " (read-only file or disk)", 0);
  writer_db_->exec("PRAGMA journal_mode = WAL");
  writer_db_->exec("PRAGMA synchronous = FULL");
  writer_db_->exec("PRAGMA foreign_keys = ON");
  // Deleted rows are overwritten, not just unlinked: an erased visitor must
  // leave no readable trace in the file (docs/security.md).
  writer_db_->exec("PRAGMA secure_delete = ON");
  migrate(*writer_db_);
  auto keys_file = file.parent_path() / "chat-keys.db";
  writer_keys_ = std::make_unique<ChatKeys>(keys_file, Database::Mode::read_write, secret_key);
  if (auto orphans = writer_keys_->remove_orphans(*writer_db_)) {
    log::info("removed chat keys whose chat is gone", {{"keys", std::to_string(orphans)}});
  }
  if (auto sealed = seal_legacy_chats(*writer_db_, *writer_keys_)) {
    log::info("encrypted chats written by an earlier version", {{"chats", std::to_string(sealed)}});
  }
  writer_tx_ = std::make_unique<SqlTx>(*writer_db_, *writer_keys_);
  // Checkpoints run beside the writer, not in its commits
  // (background_checkpoint.hpp).
  checkpoint_ = std::make_unique<BackgroundCheckpoint>(file, checkpoint_marks);
  writer_db_->on_log_commit([this](int frames) {
    log_frames_ = frames;
    checkpoint_->log_holds(frames);
  });

  reader_db_ = std::make_unique<Database>(file, Database::Mode::read_only);
  reader_db_->exec("PRAGMA query_only = 1");
  reader_keys_ = std::make_unique<ChatKeys>(keys_file, Database::Mode::read_only, secret_key);
  reader_tx_ = std::make_unique<SqlTx>(*reader_db_, *reader_keys_);

  writer_ = std::thread([this] {
    writes_->drain(
        max_batch, [this](auto& batch) { commit_batch(batch); }, &linger_);
  });
}

SqliteStore::~SqliteStore() { close(); }

void SqliteStore::write(Work work, Done done) { writes_->push(std::move(work), std::move(done)); }

void SqliteStore::read(Work work, Done done) {
  std::exception_ptr error;
  if (writes_->closed()) {
    error = std::make_exception_ptr(StoreClosed());
  } else {
    // The reader connection belongs to the event loop's thread, which calls
    // this. A transaction makes every statement of `work` read one snapshot;
    // it includes each commit whose completion was posted before now.
    try {
      reader_db_->prepare("BEGIN").run();
      try {
        work(*reader_tx_);
      } catch (...) {
        error = std::current_exception();
      }
      reader_db_->finish_statements();
      reader_db_->prepare("COMMIT").run();
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  boost::asio::post(completions_, [done = std::move(done), error] { done(error); });
}

void SqliteStore::close() {
  writes_->close();
  if (writer_.joinable()) writer_.join();
  checkpoint_.reset();
}

void SqliteStore::control(std::string_view sql) { writer_db_->prepare(sql).run(); }

void SqliteStore::roll_back() {
  try {
    writer_db_->exec("ROLLBACK");
  } catch (...) {
    // Already rolled back by SQLite itself (e.g. after SQLITE_FULL).
  }
}

void SqliteStore::finish_group(std::exception_ptr& commit_error) {
  try {
    writer_db_->finish_statements();
    // New chats' keys are durable before anything sealed with them is.
    writer_keys_->commit_created();
    control("COMMIT");
  } catch (...) {
    commit_error = std::current_exception();
    roll_back();
  }
}

bool SqliteStore::run_together(std::deque<JobQueue::Job>& batch, std::exception_ptr& commit_error) {
  try {
    control("BEGIN IMMEDIATE");
    writer_keys_->mark_job();
    for (auto& job : batch) job.work(*writer_tx_);
  } catch (...) {
    // Every job runs again, each in its savepoint; works start from nothing
    // (Store::write), and the chat keys forget what these runs created.
    writer_keys_->undo_job();
    writer_db_->finish_statements();
    roll_back();
    return false;
  }
  finish_group(commit_error);
  return true;
}

bool SqliteStore::run_each(std::deque<JobQueue::Job>& batch, std::vector<std::exception_ptr>& errors,
                           std::exception_ptr& commit_error) {
  bool any_failed = false;
  try {
    control("BEGIN IMMEDIATE");
    for (std::size_t i = 0; i < batch.size(); ++i) {
      // A savepoint per job: one job's failure undoes only that job.
      control("SAVEPOINT job");
      writer_keys_->mark_job();
      try {
        batch[i].work(*writer_tx_);
        control("RELEASE job");
      } catch (...) {
        any_failed = true;
        errors[i] = std::current_exception();
        writer_keys_->undo_job();
        control("ROLLBACK TO job");
        control("RELEASE job");
        commit_metrics().failed.inc();
      }
    }
  } catch (...) {
    commit_error = std::current_exception();
    roll_back();
    return any_failed;
  }
  finish_group(commit_error);
  return any_failed;
}

void SqliteStore::commit_batch(std::deque<JobQueue::Job>& batch) {
  auto started = std::chrono::steady_clock::now();
  std::vector<std::exception_ptr> errors(batch.size());
  std::exception_ptr commit_error;
  // A savepoint per job makes SQLite copy each page a job first changes
  // into a statement journal, and release it after: about a tenth of a
  // webhook's work (docs/benchmarks.md). Jobs rarely fail, so a group runs
  // without them, and only when a job threw is it undone and run again job
  // by job. Once jobs fail, the next groups go job by job at once, so that a
  // stream of refused writes does not make every group run twice.
  bool together = careful_groups_ == 0 && run_together(batch, commit_error);
  if (!together) {
    if (careful_groups_ > 0) --careful_groups_;
    if (run_each(batch, errors, commit_error)) careful_groups_ = careful_after_failure;
  }
  writes_failing_ = commit_error != nullptr;
  try {
    writer_keys_->after_commit(!commit_error);
  } catch (const std::exception& e) {
    // The erase itself is committed; the key goes with the next commit or
    // at the next start.
    log::warn("could not delete an erased chat's key yet", {{"error", e.what()}});
  }
  // The journal still holds an erased chat's old pages until a checkpoint
  // copies the new ones back and truncates it. The erase is committed
  // either way; a checkpoint that fails (a long read in the way) is retried
  // by SQLite's own checkpoints later.
  if (writer_tx_->privacy().take_erased() && !commit_error) {
    try {
      writer_db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (...) {
      failed_checkpoints().inc();
    }
  }
  commit_metrics().committed(batch.size(), started);

  // Completions go out in commit order; nothing is acknowledged before COMMIT.
  JobQueue::complete(batch, errors, commit_error);
  if (checkpoint_->writer_should_catch_up(log_frames_)) catch_up_log();
}

void SqliteStore::catch_up_log() {
  // Copies the frames the background rounds have not, so that the next
  // commit starts the log again. Busy while a round holds the checkpoint:
  // tried again after the next group.
  try {
    auto& checkpoint = writer_db_->prepare("PRAGMA wal_checkpoint(PASSIVE)");
    bool busy = checkpoint.step() && checkpoint.integer(0) != 0;
    checkpoint.run();
    if (!busy) log_frames_ = 0;
  } catch (...) {
    failed_checkpoints().inc();
  }
}

}  // namespace baton::sqlite
