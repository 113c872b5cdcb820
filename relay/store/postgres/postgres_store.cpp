#include "relay/store/postgres/postgres_store.hpp"

#include <chrono>

#include "relay/store/commit_metrics.hpp"
#include "relay/store/postgres/pg_schema.hpp"

namespace baton::postgres {
namespace {

// How long a read or a group of writes may wait for the database before
// it fails: a stalled server must not hold the relay's writes for ever.
constexpr std::string_view session_settings =
    "SET statement_timeout = '30s'; SET lock_timeout = '10s'; "
    "SET idle_in_transaction_session_timeout = '60s'";

// Whether a job failed on another transaction's locks (sql::Error::is_conflict).
bool is_conflict(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const sql::Error& e) {
    return e.is_conflict();
  } catch (...) {
    return false;
  }
}

}  // namespace

PostgresStore::Side PostgresStore::open_side(sql::RowLocks locks) const {
  Side side;
  side.db = std::make_unique<PgConnection>(url_);
  side.db->exec(session_settings);
  side.keys = std::make_unique<sql::ChatKeys>(*side.db, secret_key_);
  side.tx = std::make_unique<sql::SqlTx>(*side.db, *side.keys, locks);
  return side;
}

PostgresStore::PostgresStore(const std::string& url, boost::asio::any_io_executor completions,
                             const SecretBox::Key& secret_key)
    : url_(url), secret_key_(secret_key) {
  {
    PgConnection schema(url_);
    migrate(schema);
  }
  // Only the writer changes rows; other relays' writers may change them too.
  writer_ = open_side(sql::RowLocks::for_update);
  reader_ = open_side(sql::RowLocks::none);
  startup_ = open_side(sql::RowLocks::none);
  writes_ = std::make_unique<JobQueue>(completions, &commit_metrics().queued);
  reads_ = std::make_unique<JobQueue>(std::move(completions));
  writer_thread_ = std::thread([this] { writes_->drain(max_batch, [this](auto& batch) { commit_batch(batch); }); });
  reader_thread_ = std::thread([this] { reads_->drain(64, [this](auto& batch) { read_batch(batch); }); });
}

PostgresStore::~PostgresStore() { close(); }

void PostgresStore::write(Work work, Done done) { writes_->push(std::move(work), std::move(done)); }

void PostgresStore::read(Work work, Done done) { reads_->push(std::move(work), std::move(done)); }

void PostgresStore::close() {
  writes_->close();
  reads_->close();
  if (writer_thread_.joinable()) writer_thread_.join();
  if (reader_thread_.joinable()) reader_thread_.join();
}

void PostgresStore::commit_batch(std::deque<JobQueue::Job>& batch) {
  auto started = std::chrono::steady_clock::now();
  std::vector<std::exception_ptr> errors(batch.size());
  std::vector<std::size_t> jobs(batch.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) jobs[i] = i;
  // The batch's own failure (the connection, COMMIT) fails all of it.
  auto commit_error = run_jobs(batch, jobs, errors);
  // Jobs that met another relay's transaction (a deadlock, a lock wait out
  // of time) were undone alone; once this transaction has committed and
  // released its locks, they run again in one of their own.
  for (int round = 0; round < max_conflict_rounds && !commit_error && !jobs.empty(); ++round) {
    commit_metrics().conflicts.inc(jobs.size());
    auto again = jobs;
    for (auto i : again) errors[i] = nullptr;
    if (auto error = run_jobs(batch, jobs, errors)) {
      for (auto i : again) errors[i] = error;
      break;
    }
  }
  commit_metrics().committed(batch.size(), started);
  // In commit order; nothing is acknowledged before COMMIT returned.
  JobQueue::complete(batch, errors, commit_error);
}

std::exception_ptr PostgresStore::run_jobs(std::deque<JobQueue::Job>& batch, std::vector<std::size_t>& jobs,
                                           std::vector<std::exception_ptr>& errors) {
  std::exception_ptr commit_error;
  std::vector<std::size_t> conflicted;
  auto& db = *writer_.db;
  auto& keys = *writer_.keys;
  try {
    if (!db.recover()) throw sql::Error("PostgreSQL cannot be reached", 0);
    // A savepoint per job: one job's failure undoes only that job. Each
    // round trip that ends a job's savepoint also begins the next one's.
    db.exec("BEGIN; SAVEPOINT job");
    for (std::size_t n = 0; n < jobs.size(); ++n) {
      auto i = jobs[n];
      std::string_view next = n + 1 < jobs.size() ? "; SAVEPOINT job" : "";
      keys.mark_job();
      try {
        batch[i].work(*writer_.tx);
        db.exec("RELEASE SAVEPOINT job" + std::string(next));
      } catch (...) {
        errors[i] = std::current_exception();
        keys.undo_job();
        db.exec("ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job" + std::string(next));
        if (is_conflict(errors[i])) conflicted.push_back(i);
        else commit_metrics().failed.inc();
      }
    }
    db.finish_statements();
    // New chats' keys and erased chats' keys, in this same transaction.
    keys.commit_created();
    db.commit();
  } catch (...) {
    commit_error = std::current_exception();
    conflicted.clear();
    if (!db.broken()) {
      try {
        db.exec("ROLLBACK");
      } catch (...) {
        // Nothing to roll back (the failure came before BEGIN).
      }
    }
  }
  writes_failing_ = commit_error != nullptr;
  keys.after_commit(!commit_error);
  writer_.tx->privacy().take_erased();
  jobs = std::move(conflicted);
  return commit_error;
}

void PostgresStore::read_batch(std::deque<JobQueue::Job>& batch) {
  std::vector<std::exception_ptr> errors(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) errors[i] = run_read(batch[i].work);
  JobQueue::complete(batch, errors, nullptr);
}

std::exception_ptr PostgresStore::run_read(const Store::Work& work) {
  auto& db = *reader_.db;
  std::exception_ptr error;
  try {
    if (!db.recover()) throw sql::Error("PostgreSQL cannot be reached", 0);
    // Begun after the read was asked for: it holds every write acknowledged before.
    db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      work(*reader_.tx);
    } catch (...) {
      error = std::current_exception();
    }
    db.finish_statements();
    db.exec(error ? "ROLLBACK" : "COMMIT");
  } catch (...) {
    if (!error) error = std::current_exception();
  }
  return error;
}

}  // namespace baton::postgres
