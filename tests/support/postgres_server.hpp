#pragma once
// A PostgreSQL server of the tests' own: a fresh cluster in a temporary
// folder, listening only on a Unix socket there, stopped and removed with
// the object. tools/pg-scratch runs it (as the postgres user under root),
// on Debian's postgresql package (tools/dev installs it).

#include <filesystem>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace baton::test {

class PostgresServer {
 public:
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A new, empty database on this server, as a libpq URL.
  std::string new_database();
  // The URL of database `name` (which must exist).
  std::string url(const std::string& name) const;
  // Stops the server at once (as a crash would) and starts it again: what
  // a relay sees when its database restarts or fails over.
  void stop();
  void start();

 private:
  TempDir dir_;
  int databases_ = 0;
};

// One server for the whole test program, started on first use.
PostgresServer& shared_postgres();

// Whether this test run puts its stores on PostgreSQL: BATON_TEST_STORE=postgres
// in the environment (tests/CMakeLists.txt runs the store's tests so).
bool testing_on_postgres();

}  // namespace baton::test
