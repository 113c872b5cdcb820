// The writer thread: group commit, completions after the commit and in order,
// one failing write undone alone.

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include "relay/hub/local_hub.hpp"
#include "relay/store/sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

baton::SessionRecord session_record(int i) {
  baton::SessionRecord s;
  s.id = "s_" + std::to_string(i);
  s.token_hash = "hash" + std::to_string(i);
  s.code = "CODE" + std::to_string(i);
  return s;
}

}  // namespace

TEST_CASE("store: writes commit in groups, completions come in order after the commit") {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  baton::sqlite::SqliteStore store(dir / "baton.db", io.get_executor());
  std::vector<int> completed;
  for (int i = 0; i < 200; ++i) {
    store.write([i](baton::StoreTx& tx) { tx.sessions().insert(session_record(i)); },
                [&, i](std::exception_ptr error) {
                  CHECK_FALSE(error);
                  // Committed before acknowledged: the reader sees it already.
                  CHECK(store.reader().sessions().find("s_" + std::to_string(i)));
                  completed.push_back(i);
                });
  }
  io.run();
  REQUIRE(completed.size() == 200);
  for (int i = 0; i < 200; ++i) CHECK(completed[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("store: a failing write is undone alone and reported to its caller") {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  baton::sqlite::SqliteStore store(dir / "baton.db", io.get_executor());
  std::vector<std::string> outcomes;
  auto record = [&](std::string name) {
    return [&, name](std::exception_ptr error) { outcomes.push_back(name + (error ? ":failed" : ":ok")); };
  };
  store.write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(1)); }, record("first"));
  store.write(
      [](baton::StoreTx& tx) {
        tx.sessions().insert(session_record(2));
        tx.sessions().insert(session_record(1));  // duplicate key: this whole write is undone
      },
      record("second"));
  store.write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(3)); }, record("third"));
  io.run();
  CHECK(outcomes == std::vector<std::string>{"first:ok", "second:failed", "third:ok"});
  CHECK(store.reader().sessions().find("s_1"));
  CHECK_FALSE(store.reader().sessions().find("s_2"));
  CHECK(store.reader().sessions().find("s_3"));
}

TEST_CASE("store: close commits what is queued, later writes are refused") {
  baton::test::TempDir dir;
  boost::asio::io_context io;
  {
    baton::sqlite::SqliteStore store(dir / "baton.db", io.get_executor());
    bool first_ok = false;
    bool late_refused = false;
    store.write([](baton::StoreTx& tx) { tx.sessions().insert(session_record(1)); },
                [&](std::exception_ptr error) { first_ok = !error; });
    store.close();
    store.write([](baton::StoreTx&) {}, [&](std::exception_ptr error) { late_refused = static_cast<bool>(error); });
    io.run();
    CHECK(first_ok);
    CHECK(late_refused);
  }
  boost::asio::io_context again;
  baton::sqlite::SqliteStore reopened(dir / "baton.db", again.get_executor());
  CHECK(reopened.reader().sessions().find("s_1"));
}

namespace {

struct Recorder : baton::Subscriber {
  std::vector<std::uint64_t> seqs;
  void deliver(const baton::SharedFrame& frame) override { seqs.push_back(frame->seq()); }
};

}  // namespace

TEST_CASE("hub: every subscriber of a session gets the same encoded buffer") {
  baton::LocalHub hub;
  auto a = std::make_shared<Recorder>();
  auto b = std::make_shared<Recorder>();
  auto other = std::make_shared<Recorder>();
  hub.subscribe("s_1", a);
  hub.subscribe("s_1", b);
  hub.subscribe("s_2", other);
  baton::Message m;
  m.seq = 5;
  auto frame = baton::make_frame(m);
  hub.publish("s_1", frame);
  CHECK(a->seqs == std::vector<std::uint64_t>{5});
  CHECK(b->seqs == std::vector<std::uint64_t>{5});
  CHECK(other->seqs.empty());
  CHECK(frame->json().get() == frame->json().get());  // encoded once
  hub.unsubscribe("s_1", a.get());
  b.reset();  // a closed tab disappears on its own
  hub.publish("s_1", frame);
  CHECK(a->seqs.size() == 1);
  CHECK(hub.subscribers("s_1") == 0);
}
