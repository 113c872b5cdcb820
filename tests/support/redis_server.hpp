#pragma once
// A Redis server of the test's own on a free loopback port, stopped with the
// object: what the cluster's hub (--hub) links relays through.
// tools/redis-scratch runs it, as the demo's cluster does.

#include <string>

#include "tests/support/temp_dir.hpp"

namespace baton::test {

class RedisServer {
 public:
  RedisServer();
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // The --hub URL.
  const std::string& url() const { return url_; }
  // kill -9, and start again on the same port: what relays see when Redis
  // restarts.
  void crash();
  void start();
  // Its process stopped, then let go on: its connections stay open and
  // nothing on them answers, as when its host or the network dies silently.
  void freeze();
  void thaw();

 private:
  // tools/redis-scratch start, on port_; false if it did not come up.
  bool launch();

  TempDir dir_;
  unsigned short port_ = 0;
  std::string url_;
};

}  // namespace baton::test
