// The SQLite store's checkpoints run beside its writer
// (relay/store/sqlite/background_checkpoint.hpp): rounds happen as the log
// grows, the writer's catch-up lets the log start again so that it stays
// bounded, and nothing written is lost, there or after a restart.

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "relay/store/sqlite/sqlite_store.hpp"
#include "tests/support/session_record.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_secret_key.hpp"

namespace {

using baton::test::session_record;
using baton::test::test_secret_key;

// Small marks, so that a test's few hundred commits see many rounds and
// catch-ups: a round every 20 frames, the log started again past 120.
constexpr baton::sqlite::BackgroundCheckpoint::Marks small_marks{20, 120};

}  // namespace

TEST_CASE("background checkpoints: rounds run as the log grows, the log stays bounded, and every write is kept") {
  baton::test::TempDir dir;
  auto file = dir.path() / "baton.db";
  auto wal = dir.path() / "baton.db-wal";
  constexpr int writes = 400;
  std::uintmax_t largest_log = 0;
  {
    boost::asio::io_context io;
    baton::sqlite::SqliteStore store(file, io.get_executor(), test_secret_key(), small_marks);
    for (int i = 0; i < writes; ++i) {
      bool stored = false;
      store.write([i](baton::StoreTx& tx) { tx.sessions().insert(session_record(i)); },
                  [&](std::exception_ptr error) { stored = !error; });
      io.restart();
      io.run();  // one commit per write: the log grows by a few frames each
      REQUIRE(stored);
      if (std::filesystem::exists(wal)) largest_log = std::max(largest_log, std::filesystem::file_size(wal));
    }
    CHECK(store.background_checkpoints() > 0);
    // Without the writer's catch-up the log would only grow: 400 commits of
    // a few pages each. Started again past 120 frames, it stays near that
    // (a frame is a 4 KiB page and a 24-byte header; a round or a reader may
    // hold it a little longer).
    CHECK(largest_log < 400u * (4096 + 24));
    int found = 0;
    bool read = false;
    store.read(
        [&](baton::StoreTx& tx) {
          for (int i = 0; i < writes; ++i) found += tx.sessions().find("s_" + std::to_string(i)) ? 1 : 0;
        },
        [&](std::exception_ptr error) { read = !error; });
    io.restart();
    io.run();
    REQUIRE(read);
    CHECK(found == writes);
  }
  // Opened again: all of it is in the file.
  boost::asio::io_context io;
  baton::sqlite::SqliteStore again(file, io.get_executor(), test_secret_key(), small_marks);
  int found = 0;
  again.read(
      [&](baton::StoreTx& tx) {
        for (int i = 0; i < writes; ++i) found += tx.sessions().find("s_" + std::to_string(i)) ? 1 : 0;
      },
      [](std::exception_ptr) {});
  io.run();
  CHECK(found == writes);
}
