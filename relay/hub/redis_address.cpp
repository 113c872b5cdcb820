#include "relay/hub/redis_address.hpp"

#include <charconv>

namespace baton {

namespace {

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<RedisAddress> RedisAddress::parse(std::string_view url) {
  constexpr std::string_view scheme = "redis://";
  if (!url.starts_with(scheme)) return std::nullopt;
  url.remove_prefix(scheme.size());
  RedisAddress address;
  // The password may hold '@' or ':' only before the last '@'.
  if (auto at = url.rfind('@'); at != std::string_view::npos) {
    auto credentials = url.substr(0, at);
    url.remove_prefix(at + 1);
    if (auto colon = credentials.find(':'); colon != std::string_view::npos) {
      address.user = credentials.substr(0, colon);
      address.password = credentials.substr(colon + 1);
    } else {
      address.password = credentials;
    }
  }
  if (auto slash = url.find('/'); slash != std::string_view::npos) {
    auto database = url.substr(slash + 1);
    url = url.substr(0, slash);
    if (!database.empty() && (!parse_number(database, address.database) || address.database < 0)) {
      return std::nullopt;
    }
  }
  std::string_view host = url;
  if (url.starts_with('[')) {
    auto close = url.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = url.substr(1, close - 1);
    url.remove_prefix(close + 1);
    if (!url.empty() && !url.starts_with(':')) return std::nullopt;
    if (!url.empty() && !parse_number(url.substr(1), address.port)) return std::nullopt;
  } else if (auto colon = url.rfind(':'); colon != std::string_view::npos) {
    host = url.substr(0, colon);
    if (!parse_number(url.substr(colon + 1), address.port)) return std::nullopt;
  }
  if (host.empty() || address.port == 0) return std::nullopt;
  address.host = host;
  return address;
}

std::string RedisAddress::where() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace baton
