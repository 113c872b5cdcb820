// What every Store must do, run against each implementation: SQLite with its
// writer thread (the relay's), the inline SQLite store of the test rig, and
// PostgreSQL on a server of the test's own (tests/support/postgres_server.hpp). Writes: completions after the commit,
// in order, one failing write undone alone, close. Reads: they see every write acknowledged before them, one snapshot
// each, their errors go to their caller, their completions are never run inside the call and come in the order the
// reads were asked for, and they are refused once the store is closed.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "relay/store/commit_metrics.hpp"
#include "relay/store/postgres/postgres_store.hpp"
#include "relay/store/sqlite/sqlite_store.hpp"
#include "tests/support/inline_store.hpp"
#include "tests/support/postgres_server.hpp"
#include "tests/support/session_record.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using baton::test::session_record;

// One implementation under test: a store on a fresh file, its completions on `io`.
struct SqliteFactory {
  static std::unique_ptr<baton::Store> open(const std::filesystem::path& file, boost::asio::io_context& io) {
    // A fixed secret key: each test's chat keys are sealed under it.
    baton::SecretBox::Key secret{};
    secret.fill(7);
    return std::make_unique<baton::sqlite::SqliteStore>(file, io.get_executor(), secret);
  }
};

// A database per file name: a store opened again on the same file finds
// what the first one wrote.
struct PostgresFactory {
  static std::unique_ptr<baton::Store> open(const std::filesystem::path& file, boost::asio::io_context& io) {
    static std::map<std::string, std::string> databases;
    auto& url = databases[file.string()];
    if (url.empty()) url = baton::test::shared_postgres().new_database();
    baton::SecretBox::Key secret{};
    secret.fill(7);
    return std::make_unique<baton::postgres::PostgresStore>(url, io.get_executor(), secret);
  }
};

struct InlineFactory {
  static std::unique_ptr<baton::Store> open(const std::filesystem::path& file, boost::asio::io_context& io) {
    return std::make_unique<baton::test::InlineStore>(file, io.get_executor());
  }
};

// Whether the session is there, read through the asynchronous API; runs `io`
// until the read completes.
bool has_session(baton::Store& store, boost::asio::io_context& io, const std::string& id) {
  std::optional<bool> found;
  store.read([&](baton::StoreTx& tx) { found = tx.sessions().find(id).has_value(); },
             [](std::exception_ptr error) { CHECK_FALSE(error); });
  io.restart();
  io.run();
  return found.value_or(false);
}

// Asks, from one handler on `io`, for sessions [first, last) to be
// written, pausing `pause` after each, as a round that reads many requests
// does; runs `io` until every write is acknowledged. Returns how many
// groups they were committed in.
template <class Pause>
std::uint64_t write_in_one_round(baton::Store& store, boost::asio::io_context& io, int first, int last, Pause pause) {
  auto& groups = baton::commit_metrics().batch_size;
  const auto before = groups.snapshot();
  int completed = 0;
  boost::asio::post(io, [&] {
    for (int i = first; i < last; ++i) {
      store.write([i](baton::StoreTx& tx) { tx.sessions().insert(session_record(i)); },
                  [&](std::exception_ptr error) {
                    CHECK_FALSE(error);
                    ++completed;
                  });
      pause();
    }
  });
  io.restart();
  io.run();
  CHECK(completed == last - first);
  const auto after = groups.snapshot();
  CHECK(after.sum - before.sum == doctest::Approx(last - first));
  return after.count - before.count;
}

}  // namespace

TEST_CASE_TEMPLATE("store contract: writes commit in groups, completions come in order after the commit", Factory,
                   SqliteFactory, InlineFactory, PostgresFactory) {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  auto store = Factory::open(dir / "baton.db", io);
  std::vector<int> completed;
  std::vector<int> seen;
  for (int i = 0; i < 200; ++i) {
    store->write([i](baton::StoreTx& tx) { tx.sessions().insert(session_record(i)); },
                 [&, i](std::exception_ptr error) {
                   CHECK_FALSE(error);
                   completed.push_back(i);
                   // Acknowledged, so committed: a read asked now sees it.
                   store->read(
                       [&, i](baton::StoreTx& tx) {
                         if (tx.sessions().find("s_" + std::to_string(i))) seen.push_back(i);
                       },
                       [](std::exception_ptr read_error) { CHECK_FALSE(read_error); });
                 });
  }
  io.run();
  REQUIRE(completed.size() == 200);
  for (int i = 0; i < 200; ++i) CHECK(completed[static_cast<std::size_t>(i)] == i);
  CHECK(seen == completed);
}

// The writer starts a group once the loop has run what was ready when its
// first write came: a round's writes share one commit (and one sync) instead
// of the first going alone because the writer woke for it.
TEST_CASE_TEMPLATE("store contract: writes asked for in one round of the event loop commit as one group", Factory,
                   SqliteFactory, PostgresFactory) {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  auto store = Factory::open(dir / "baton.db", io);
  // With pauses between them, the writer would wake for the first and find it alone.
  auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(1)); };
  CHECK(write_in_one_round(*store, io, 0, 20, pause) == 1);
  for (int i = 0; i < 20; ++i) CHECK(has_session(*store, io, "s_" + std::to_string(i)));
  // More than one group holds (512): the round's mark is spent on the first
  // group, and the rest must not wait for another round that never comes.
  CHECK(write_in_one_round(*store, io, 100, 1200, [] {}) == 3);
}

// A write asked for from another thread while the loop waits for nothing
// else is still committed and acknowledged.
TEST_CASE_TEMPLATE("store contract: a write asked for from another thread is committed", Factory, SqliteFactory,
                   PostgresFactory) {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  auto store = Factory::open(dir / "baton.db", io);
  auto guard = boost::asio::make_work_guard(io);
  bool done = false;
  std::thread asker([&] {
    store->write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(1)); },
                 [&](std::exception_ptr error) {
                   CHECK_FALSE(error);
                   done = true;
                   guard.reset();
                 });
  });
  io.run_for(std::chrono::seconds(10));
  asker.join();
  CHECK(done);
  CHECK(has_session(*store, io, "s_1"));
}

TEST_CASE_TEMPLATE("store contract: a failing write is undone alone and reported to its caller", Factory, SqliteFactory,
                   InlineFactory, PostgresFactory) {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  auto store = Factory::open(dir / "baton.db", io);
  std::vector<std::string> outcomes;
  auto record = [&](std::string name) {
    return [&, name](std::exception_ptr error) { outcomes.push_back(name + (error ? ":failed" : ":ok")); };
  };
  const auto failed_before = baton::commit_metrics().failed.value();
  // Asked for in one round, so that they share a group: a store that runs a
  // group without a savepoint per job must undo the first write's run too,
  // and run it again (inserting s_1 twice would fail it).
  boost::asio::post(io, [&] {
    store->write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(1)); }, record("first"));
    store->write(
        [](baton::StoreTx& tx) {
          tx.sessions().insert(session_record(2));
          tx.sessions().insert(session_record(1));  // duplicate key: this whole write is undone
        },
        record("second"));
    store->write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(3)); }, record("third"));
  });
  io.run();
  CHECK(outcomes == std::vector<std::string>{"first:ok", "second:failed", "third:ok"});
  CHECK(baton::commit_metrics().failed.value() - failed_before == 1);
  CHECK(has_session(*store, io, "s_1"));
  CHECK_FALSE(has_session(*store, io, "s_2"));
  CHECK(has_session(*store, io, "s_3"));

  // Later groups, the next of them run job by job, still commit, and a
  // failure among them is still undone alone.
  for (int i = 10; i < 40; ++i) {
    outcomes.clear();
    boost::asio::post(io, [&, i] {
      store->write([i](baton::StoreTx& tx) { tx.sessions().insert(session_record(i)); }, record("new"));
      if (i % 10 == 0) {
        store->write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(3)); }, record("again"));
      }
    });
    io.restart();
    io.run();
    CHECK(outcomes.front() == "new:ok");
    if (i % 10 == 0) CHECK(outcomes.back() == "again:failed");
    CHECK(has_session(*store, io, "s_" + std::to_string(i)));
  }
  CHECK(baton::commit_metrics().failed.value() - failed_before == 4);
}

TEST_CASE_TEMPLATE("store contract: close commits what is queued, later writes and reads are refused", Factory,
                   SqliteFactory, InlineFactory, PostgresFactory) {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  {
    auto store = Factory::open(dir / "baton.db", io);
    bool first_ok = false;
    std::exception_ptr late_write;
    std::exception_ptr late_read;
    bool late_work_ran = false;
    store->write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(1)); },
                 [&](std::exception_ptr error) { first_ok = !error; });
    store->close();
    store->write([](baton::StoreTx&) {}, [&](std::exception_ptr error) { late_write = error; });
    store->read([&](baton::StoreTx&) { late_work_ran = true; }, [&](std::exception_ptr error) { late_read = error; });
    io.run();
    CHECK(first_ok);
    CHECK_THROWS_AS(std::rethrow_exception(late_write), baton::StoreClosed);
    CHECK_THROWS_AS(std::rethrow_exception(late_read), baton::StoreClosed);
    CHECK_FALSE(late_work_ran);
  }
  boost::asio::io_context again;
  auto reopened = Factory::open(dir / "baton.db", again);
  CHECK(has_session(*reopened, again, "s_1"));
}

TEST_CASE_TEMPLATE("store contract: a read completes later, on the event loop, with its own error", Factory,
                   SqliteFactory, InlineFactory, PostgresFactory) {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  auto store = Factory::open(dir / "baton.db", io);
  bool done = false;
  store->read([](baton::StoreTx& tx) { (void)tx.sessions().find("s_1"); }, [&](std::exception_ptr) { done = true; });
  CHECK_FALSE(done);  // never inside the call: callers may hold locks or be mid-update
  io.run();
  CHECK(done);

  std::exception_ptr failed;
  store->read([](baton::StoreTx&) { throw std::runtime_error("the read's own failure"); },
              [&](std::exception_ptr error) { failed = error; });
  io.restart();
  io.run();
  CHECK_THROWS_WITH(std::rethrow_exception(failed), "the read's own failure");

  // A failed read leaves nothing behind: writes and reads go on.
  bool wrote = false;
  store->write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(7)); },
               [&](std::exception_ptr error) { wrote = !error; });
  io.restart();
  io.run();
  CHECK(wrote);
  CHECK(has_session(*store, io, "s_7"));
}

TEST_CASE_TEMPLATE("store contract: reads complete in the order they were asked for", Factory, SqliteFactory,
                   InlineFactory, PostgresFactory) {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  auto store = Factory::open(dir / "baton.db", io);
  std::vector<int> completed;
  for (int i = 0; i < 20; ++i) {
    store->read([](baton::StoreTx& tx) { (void)tx.sessions().recent(5); },
                [&completed, i](std::exception_ptr error) {
                  CHECK_FALSE(error);
                  completed.push_back(i);
                });
  }
  io.run();
  REQUIRE(completed.size() == 20);
  for (int i = 0; i < 20; ++i) CHECK(completed[static_cast<std::size_t>(i)] == i);
}

TEST_CASE_TEMPLATE("store contract: everything one read sees is from one moment", Factory, SqliteFactory, InlineFactory,
                   PostgresFactory) {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  auto store = Factory::open(dir / "baton.db", io);
  store->write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(1)); }, [](std::exception_ptr) {});
  io.run();
  // Writes are asked for while the read runs; none of them may show through
  // half-way, whether the store runs them meanwhile or after.
  std::optional<bool> first;
  std::optional<bool> second;
  store->read(
      [&](baton::StoreTx& tx) {
        first = tx.sessions().find("s_2").has_value();
        for (int i = 2; i < 50; ++i) {
          store->write([i](baton::StoreTx& w) { w.sessions().insert(session_record(i)); }, [](std::exception_ptr) {});
        }
        second = tx.sessions().find("s_2").has_value() || tx.sessions().find("s_49").has_value();
      },
      [](std::exception_ptr error) { CHECK_FALSE(error); });
  io.restart();
  io.run();
  REQUIRE(first.has_value());
  CHECK(*first == *second);
  CHECK(has_session(*store, io, "s_49"));
}

TEST_CASE_TEMPLATE("store contract: a lookup that stopped at its first row does not pin an old snapshot", Factory,
                   SqliteFactory, InlineFactory, PostgresFactory) {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  auto store = Factory::open(dir / "baton.db", io);
  store->write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(1)); }, [](std::exception_ptr) {});
  io.run();
  // A lookup that read its row and stopped without finishing its statement
  // would keep its read transaction, and every later statement on that
  // connection would see that moment (the SQLite tables finish each one).
  REQUIRE(store->reader().sessions().find("s_1"));
  store->write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(2)); }, [](std::exception_ptr) {});
  io.restart();
  io.run();
  auto through_reader = store->reader().sessions().recent(10);
  CHECK(through_reader.size() == 2);
  std::size_t through_read = 0;
  store->read([&](baton::StoreTx& tx) { through_read = tx.sessions().recent(10).size(); }, [](std::exception_ptr) {});
  io.restart();
  io.run();
  CHECK(through_read == 2);
}
