#include "relay/store/sqlite/sqlite_store.hpp"

#include <boost/asio/post.hpp>
#include <chrono>

#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/store/sqlite/legacy_sealing.hpp"
#include "relay/store/sqlite/schema.hpp"

namespace baton::sqlite {
namespace {

struct StoreMetrics {
  metrics::Histogram& batch_size = metrics::registry().histogram("baton_store_commit_batch_size",
                                                                 "Writes committed together in one transaction",
                                                                 {1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
  metrics::Histogram& commit_seconds = metrics::registry().histogram(
      "baton_store_commit_seconds", "Time to run and commit one group of writes", metrics::latency_buckets());
  metrics::Gauge& queued = metrics::registry().gauge("baton_store_queued_writes", "Writes waiting for the writer");
  metrics::Counter& failed = metrics::registry().counter("baton_store_failed_writes_total",
                                                         "Writes whose work threw and was rolled back");
  metrics::Counter& failed_checkpoints = metrics::registry().counter(
      "baton_store_failed_checkpoints_total", "Checkpoints after an erase that could not complete at once");
};

StoreMetrics& store_metrics() {
  static StoreMetrics m;
  return m;
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& file, boost::asio::any_io_executor completions,
                         const SecretBox::Key& secret_key)
    : completions_(std::move(completions)) {
  store_metrics();  // visible from the start, not from the first write
  writer_db_ = std::make_unique<Database>(file, Database::Mode::read_write);
  // SQLite opens a file it may not write read-only, without a word: the
  // relay would start and then refuse every write.
  if (writer_db_->read_only()) throw Error("cannot write " + file.string() + " (read-only file or disk)", 0);
  writer_db_->exec("PRAGMA journal_mode = WAL");
  writer_db_->exec("PRAGMA synchronous = FULL");
  // A checkpoint copies each page changed since the last one back into the
  // database; at 4,000 frames (16 MiB of log) instead of SQLite's 1,000 the
  // pages every webhook touches (the chat, the newest index leaves) are
  // copied a quarter as often.
  writer_db_->exec("PRAGMA wal_autocheckpoint = 4000");
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
  writer_tx_ = std::make_unique<SqliteTx>(*writer_db_, *writer_keys_);

  reader_db_ = std::make_unique<Database>(file, Database::Mode::read_only);
  reader_db_->exec("PRAGMA query_only = 1");
  reader_keys_ = std::make_unique<ChatKeys>(keys_file, Database::Mode::read_only, secret_key);
  reader_tx_ = std::make_unique<SqliteTx>(*reader_db_, *reader_keys_);

  writer_ = std::thread([this] { writer_loop(); });
}

SqliteStore::~SqliteStore() { close(); }

void SqliteStore::write(Work work, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      queue_.push_back(Job{std::move(work), std::move(done),
                           boost::asio::prefer(completions_, boost::asio::execution::outstanding_work.tracked)});
      store_metrics().queued.set(static_cast<std::int64_t>(queue_.size()));
      wake_.notify_one();
      return;
    }
  }
  boost::asio::post(completions_, [done = std::move(done)] { done(std::make_exception_ptr(StoreClosed())); });
}

void SqliteStore::read(Work work, Done done) {
  std::exception_ptr error;
  bool closed = false;
  {
    std::lock_guard lock(mutex_);
    closed = closing_;
  }
  if (closed) {
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
  {
    std::lock_guard lock(mutex_);
    if (closing_ && !writer_.joinable()) return;
    closing_ = true;
    wake_.notify_one();
  }
  if (writer_.joinable()) writer_.join();
}

void SqliteStore::writer_loop() {
  for (;;) {
    std::deque<Job> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing, and everything queued is committed
      while (!queue_.empty() && batch.size() < max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      store_metrics().queued.set(static_cast<std::int64_t>(queue_.size()));
    }
    commit_batch(batch);
  }
}

void SqliteStore::commit_batch(std::deque<Job>& batch) {
  auto started = std::chrono::steady_clock::now();
  std::vector<std::exception_ptr> errors(batch.size());
  std::exception_ptr commit_error;
  // Transaction control goes through cached statements: compiling
  // "SAVEPOINT job" for every write was a tenth of the writer's work.
  auto control = [this](std::string_view sql) { writer_db_->prepare(sql).run(); };
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
        errors[i] = std::current_exception();
        writer_keys_->undo_job();
        control("ROLLBACK TO job");
        control("RELEASE job");
        store_metrics().failed.inc();
      }
    }
    writer_db_->finish_statements();
    // New chats' keys are durable before anything sealed with them is.
    writer_keys_->commit_created();
    control("COMMIT");
  } catch (...) {
    commit_error = std::current_exception();
    try {
      writer_db_->exec("ROLLBACK");
    } catch (...) {
      // Already rolled back by SQLite itself (e.g. after SQLITE_FULL).
    }
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
      store_metrics().failed_checkpoints.inc();
    }
  }
  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  store_metrics().commit_seconds.observe(elapsed);
  store_metrics().batch_size.observe(static_cast<double>(batch.size()));

  // Completions go out in commit order; nothing is acknowledged before COMMIT.
  // The work goes back with its completion: what the event loop allocated
  // for it (a webhook's parsed batch, say) is freed there too, not on this
  // thread, where glibc's allocator would keep it away from the loop.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto error = commit_error ? commit_error : errors[i];
    boost::asio::post(batch[i].keep_alive,
                      [done = std::move(batch[i].done), work = std::move(batch[i].work), error] { done(error); });
  }
}

}  // namespace baton::sqlite
