#include "tests/support/postgres_server.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "relay/store/postgres/pg_connection.hpp"

namespace baton::test {
namespace {

// tools/pg-scratch starts, stops and crashes the server (as the postgres
// user under root), as the benchmarks and the demo do.
void scratch(const std::string& command, const std::filesystem::path& dir, const std::string& settings = "") {
  std::string line = std::string(BATON_PG_SCRATCH) + " " + command + " " + dir.string() + " " + settings +
                     " > /dev/null 2>> " + (dir / "pg-scratch.log").string();
  if (std::system(line.c_str()) != 0) {
    throw std::runtime_error("failed: " + line + " (see tools/dev for the postgresql package)");
  }
}

}  // namespace

PostgresServer::PostgresServer() { start(); }

void PostgresServer::start() {
  // fsync off: these tests are about what the relay asks of the database,
  // not about the disk under it.
  scratch("start", dir_.path(), "fsync=off");
}

void PostgresServer::stop() { scratch("crash", dir_.path()); }

PostgresServer::~PostgresServer() {
  try {
    stop();
  } catch (...) {
    // Removing the folder below ends it in any case.
  }
}

std::string PostgresServer::url(const std::string& name) const {
  return "postgresql://baton@/" + name + "?host=" + dir_.path().string();
}

std::string PostgresServer::new_database() {
  auto name = "test_" + std::to_string(++databases_);
  postgres::PgConnection admin(url("postgres"));
  admin.exec("CREATE DATABASE " + name);
  return url(name);
}

bool testing_on_postgres() {
  const char* store = std::getenv("BATON_TEST_STORE");
  return store && std::string_view(store) == "postgres";
}

PostgresServer& shared_postgres() {
  static PostgresServer server;
  return server;
}

}  // namespace baton::test
