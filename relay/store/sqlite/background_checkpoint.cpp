#include "relay/store/sqlite/background_checkpoint.hpp"

#include "relay/core/log.hpp"
#include "relay/store/gathered_wal.hpp"
#include "relay/store/sqlite_db.hpp"

namespace baton::sqlite {

BackgroundCheckpoint::BackgroundCheckpoint(std::filesystem::path file, Marks marks)
    : file_(std::move(file)), marks_(marks), next_round_at_(marks.round), thread_([this] { run(); }) {}

BackgroundCheckpoint::~BackgroundCheckpoint() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void BackgroundCheckpoint::log_holds(int frames) {
  {
    std::lock_guard lock(mutex_);
    if (frames < last_frames_) next_round_at_ = marks_.round;  // the log started again
    last_frames_ = frames;
    // Past the catch-up mark the writer copies what is left; a round here
    // would only hold the checkpoint lock it needs.
    if (wanted_ || frames < next_round_at_ || writer_should_catch_up(frames)) return;
    wanted_ = true;
    next_round_at_ = frames + marks_.round;
  }
  wake_.notify_one();
}

int BackgroundCheckpoint::rounds() const {
  std::lock_guard lock(mutex_);
  return rounds_;
}

void BackgroundCheckpoint::run() {
  pace_database_writes(true);
  std::unique_ptr<Database> db;
  try {
    db = std::make_unique<Database>(file_, Database::Mode::read_write);
    db->exec("PRAGMA synchronous = FULL");
  } catch (const std::exception& e) {
    // The writer's own catch-up still keeps the log bounded.
    log::warn("background checkpoints are off", {{"error", e.what()}});
    return;
  }
  bool behind = false;
  for (;;) {
    int started_at = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || wanted_; });
      if (stopping_) return;
      started_at = last_frames_;
    }
    // Paced while rounds keep up. Under a load that fills a round's worth of
    // log while a paced round runs, at full speed: else the writer's
    // catch-up would copy most of it, in the commits' way.
    pace_database_writes(!behind);
    try {
      // PASSIVE: copies what no reader still needs, and never waits.
      auto& checkpoint = db->prepare("PRAGMA wal_checkpoint(PASSIVE)");
      checkpoint.run();
    } catch (const std::exception& e) {
      log::warn("a background checkpoint failed", {{"error", e.what()}});
    }
    std::lock_guard lock(mutex_);
    behind = last_frames_ - started_at >= marks_.round;
    wanted_ = false;
    ++rounds_;
  }
}

}  // namespace baton::sqlite
