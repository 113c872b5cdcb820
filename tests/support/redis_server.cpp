#include "tests/support/redis_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdlib>
#include <stdexcept>

namespace baton::test {
namespace {

unsigned short unused_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

bool scratch(const std::string& arguments, const std::filesystem::path& dir) {
  std::string line = std::string(BATON_REDIS_SCRATCH) + " " + arguments + " > /dev/null 2>> " +
                     (dir / "redis-scratch.log").string();
  return std::system(line.c_str()) == 0;
}

}  // namespace

RedisServer::RedisServer() {
  // The port is picked in advance; if another test takes it in between, try another.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = unused_port();
    url_ = "redis://127.0.0.1:" + std::to_string(port_);
    if (scratch("start " + (dir_ / "server").string() + " " + std::to_string(port_), dir_.path())) return;
  }
  throw std::runtime_error("tools/redis-scratch could not start a server (see tools/dev for redis-server)");
}

RedisServer::~RedisServer() { scratch("stop " + (dir_ / "server").string(), dir_.path()); }

void RedisServer::crash() {
  if (!scratch("crash " + (dir_ / "server").string(), dir_.path())) throw std::runtime_error("redis-scratch crash");
}

void RedisServer::start() {
  if (!scratch("start " + (dir_ / "server").string() + " " + std::to_string(port_), dir_.path())) {
    throw std::runtime_error("redis-scratch could not start the server again on its port");
  }
}

}  // namespace baton::test
