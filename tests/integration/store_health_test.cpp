// A database the relay cannot write: refused at start, and reported by
// /healthz while commits fail at run time.

#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"
#include "tests/support/unwritable.hpp"

using namespace baton::test;

TEST_CASE("store: a database the relay cannot write stops it at start with exit 2 and one clear line") {
  Cluster cluster;
  auto database = cluster.dir().path() / "relay-data" / "baton.db";
  REQUIRE(cluster.stop_relay() == 0);
  Unwritable locked(database);
  if (!locked.works()) {
    MESSAGE("this file system cannot make a file unwritable for root; nothing to check here");
    return;
  }
  CHECK_THROWS(cluster.start_relay());
  auto status = cluster.relay_process().wait(std::chrono::seconds(10));
  CHECK(status == 2);
  CHECK(cluster.relay_process().stderr_text().find("cannot write") != std::string::npos);
}

TEST_CASE("store: while commits fail, writes get 503 and /healthz says degraded, and both recover") {
  Cluster cluster;
  auto s = cluster.open_session();
  CHECK(cluster.relay("GET", "/healthz").status == 200);
  {
    Unwritable locked(cluster.dir().path() / "relay-data" / "baton.db-wal");
    if (!locked.works() || locked.by_mode()) {
      MESSAGE("the journal cannot be made unwritable under an open descriptor here; nothing to check");
      return;
    }
    auto refused = cluster.post_message(s, "c1", "lost?");
    CHECK(refused.status == 503);
    auto health = cluster.relay("GET", "/healthz");
    CHECK(health.status == 503);
    CHECK(health.body.find("degraded") != std::string::npos);
  }
  CHECK(cluster.post_message(s, "c1", "kept").status == 201);
  CHECK(cluster.relay("GET", "/healthz").status == 200);
}

TEST_CASE("store: a PostgreSQL server the relay cannot reach stops it at start with exit 2 and one clear line") {
  TempDir nowhere;  // no server's socket in it
  Cluster cluster({.relay_flags = {"--store", "postgresql://baton:hunter2@/baton?host=" + nowhere.path().string()},
                   .start_relay = false});
  CHECK_THROWS(cluster.start_relay());
  auto status = cluster.relay_process().wait(std::chrono::seconds(10));
  CHECK(status == 2);
  auto said = cluster.relay_process().stderr_text();
  CHECK(said.find("--store: cannot connect to PostgreSQL") != std::string::npos);
  CHECK(said.find("hunter2") == std::string::npos);  // the password is in no line the relay writes
}
