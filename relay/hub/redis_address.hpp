#pragma once
// Where the cluster's Redis is: `redis://[[user]:password@]host[:port][/db]`
// (docs/cluster.md). Parsed once at start-up; never logged whole, since it
// may hold a password.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton {

struct RedisAddress {
  std::string host;
  std::uint16_t port = 6379;
  std::string user;      // Redis 6 ACL user, or empty for the default user
  std::string password;  // empty: no AUTH
  int database = 0;

  // Empty when `url` is not a redis:// URL of that shape.
  static std::optional<RedisAddress> parse(std::string_view url);
  // host:port, for log lines.
  std::string where() const;
};

}  // namespace baton
