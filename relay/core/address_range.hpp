#pragma once
// IP address ranges in CIDR notation ("10.0.0.0/8", "2001:db8::/32", or one
// address), for the trusted proxies and the admin and webhook allow-lists.

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

class AddressRange {
 public:
  static std::optional<AddressRange> parse(std::string_view text);

  // An IPv4 address seen as IPv6 (::ffff:a.b.c.d) is in the IPv4 ranges.
  bool contains(const boost::asio::ip::address& address) const;
  std::string to_string() const;

 private:
  boost::asio::ip::address network_;
  unsigned prefix_ = 0;
};

bool any_contains(const std::vector<AddressRange>& ranges, const boost::asio::ip::address& address);

// ::ffff:a.b.c.d as a.b.c.d; any other address unchanged.
boost::asio::ip::address plain_address(const boost::asio::ip::address& address);

// The key a per-address limit counts under: an IPv4 address, or an IPv6
// address's /64 (one home or phone usually holds a whole /64).
std::string limit_key(const boost::asio::ip::address& address);

}  // namespace baton
