#include "tests/support/redis_server.hpp"

#include "tests/support/free_port.hpp"

#include <cstdlib>
#include <stdexcept>

namespace baton::test {
namespace {

bool scratch(const std::string& arguments, const std::filesystem::path& dir) {
  std::string line = std::string(BATON_REDIS_SCRATCH) + " " + arguments + " > /dev/null 2>> " +
                     (dir / "redis-scratch.log").string();
  return std::system(line.c_str()) == 0;
}

}  // namespace

RedisServer::RedisServer() {
  // The port is picked in advance; if another test takes it in between, try another.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    url_ = "redis://127.0.0.1:" + std::to_string(port_);
    if (launch()) return;
  }
  throw std::runtime_error("tools/redis-scratch could not start a server (see tools/dev for redis-server)");
}

RedisServer::~RedisServer() { scratch("stop " + (dir_ / "server").string(), dir_.path()); }

void RedisServer::crash() {
  if (!scratch("crash " + (dir_ / "server").string(), dir_.path())) throw std::runtime_error("redis-scratch crash");
}

void RedisServer::freeze() {
  if (!scratch("freeze " + (dir_ / "server").string(), dir_.path())) throw std::runtime_error("redis-scratch freeze");
}

void RedisServer::thaw() {
  if (!scratch("thaw " + (dir_ / "server").string(), dir_.path())) throw std::runtime_error("redis-scratch thaw");
}

void RedisServer::start() {
  if (!launch()) throw std::runtime_error("redis-scratch could not start the server again on its port");
}

bool RedisServer::launch() {
  return scratch("start " + (dir_ / "server").string() + " " + std::to_string(port_), dir_.path());
}

}  // namespace baton::test
