#pragma once
// Checkpoints of the store's write-ahead log on a thread of their own, their
// writes to baton.db paced (gathered_wal.hpp), so that the writer's commits
// do not wait for them.
//
// A checkpoint copies the pages the log holds back into baton.db and syncs
// that file. Run by the writer, as SQLite does by default, every commit that
// arrived meanwhile waited for the whole copy and sync: some 2 ms, three
// times a second at 4,000 webhooks a second, which was the p99 of the webhook
// benchmark (docs/benchmarks.md). Here a second connection copies them, each
// page started for the disk as it is written and a pause every few pages, so
// that the sync at its end finds them written, and the log's own syncs in
// between never wait behind hundreds of scattered pages (this disk's flush
// is for the whole device).
//
// The log can start again from its beginning only once every frame in it has
// been copied, which a checkpoint beside a steady stream of commits never
// reaches. So once the log holds `catch_up` frames, the writer copies what is
// left itself, after its group's answers have gone out, and its next commit
// starts the log again: one short wait every few seconds at that rate,
// instead of three long ones a second.

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace baton::sqlite {

class BackgroundCheckpoint {
 public:
  struct Marks {
    // A round starts each time the log has grown by this many frames (the
    // 4,000 SQLite's own checkpoints ran at here before).
    int round = 4000;
    // 64 MiB of log with 4 KiB pages.
    int catch_up = 16384;
  };

  BackgroundCheckpoint(std::filesystem::path file, Marks marks);
  ~BackgroundCheckpoint();
  BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
  BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;

  // From the writer's log hook, after each commit: the log holds `frames`.
  void log_holds(int frames);
  // Whether the writer copies what is left, for the log to start again.
  bool writer_should_catch_up(int frames) const { return frames >= marks_.catch_up; }
  // Rounds finished since the start (for tests and /metrics).
  int rounds() const;

 private:
  void run();

  std::filesystem::path file_;
  const Marks marks_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool wanted_ = false;
  int last_frames_ = 0;
  int next_round_at_;
  int rounds_ = 0;
  std::thread thread_;
};

}  // namespace baton::sqlite
