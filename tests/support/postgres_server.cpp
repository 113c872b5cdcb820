#include "tests/support/postgres_server.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "relay/store/postgres/pg_connection.hpp"

namespace baton::test {
namespace {

std::filesystem::path find_bin() {
  // Debian installs each major version's server under its own folder.
  std::filesystem::path newest;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    auto bin = entry.path() / "bin";
    if (std::filesystem::exists(bin / "postgres") && (newest.empty() || bin > newest)) newest = bin;
  }
  if (newest.empty()) throw std::runtime_error("no PostgreSQL server in /usr/lib/postgresql (tools/dev installs it)");
  return newest;
}

// Runs a command line, as the postgres user when this process is root.
void run(const std::string& command) {
  std::string line = geteuid() == 0 ? "runuser -u postgres -- " + command : command;
  if (std::system(line.c_str()) != 0) throw std::runtime_error("failed: " + line);
}

}  // namespace

PostgresServer::PostgresServer() : bin_(find_bin()) {
  auto data = dir_ / "data";
  if (geteuid() == 0) {
    const passwd* user = getpwnam("postgres");
    if (!user) throw std::runtime_error("running as root, and there is no postgres user to run PostgreSQL as");
    if (chown(dir_.path().c_str(), user->pw_uid, user->pw_gid) != 0) {
      throw std::runtime_error("cannot hand " + dir_.path().string() + " to the postgres user");
    }
  }
  run((bin_ / "initdb").string() + " -D " + data.string() +
      " -U baton -A trust -E UTF8 --locale=C --no-sync --no-instructions > " + (dir_ / "initdb.log").string() +
      " 2>&1");
  start();
}

void PostgresServer::start() {
  // Only a Unix socket in the folder: no port to clash with anything.
  // fsync off: these tests are about what the relay asks of the database,
  // not about the disk under it.
  run((bin_ / "pg_ctl").string() + " -D " + (dir_ / "data").string() + " -l " + (dir_ / "server.log").string() +
      " -w -o \"-k " + dir_.path().string() + " -c listen_addresses='' -c fsync=off -c max_connections=200\" start" +
      " > /dev/null");
}

void PostgresServer::stop() {
  run((bin_ / "pg_ctl").string() + " -D " + (dir_ / "data").string() + " -m immediate -w stop > /dev/null 2>&1");
}

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
