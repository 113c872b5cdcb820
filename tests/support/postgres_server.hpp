#pragma once
// A PostgreSQL server of the tests' own: a fresh cluster (initdb) in a
// temporary folder, listening only on a Unix socket there, stopped and
// removed with the object. Debian's postgresql package provides the
// binaries (tools/dev installs it). PostgreSQL refuses to run as root, so
// under root the server runs as the postgres user.

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
  std::filesystem::path bin_;
  int databases_ = 0;
};

// One server for the whole test program, started on first use.
PostgresServer& shared_postgres();

// Whether this test run puts its stores on PostgreSQL: BATON_TEST_STORE=postgres
// in the environment (tests/CMakeLists.txt runs the store's tests so).
bool testing_on_postgres();

}  // namespace baton::test
