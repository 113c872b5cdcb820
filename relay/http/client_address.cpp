#include "relay/http/client_address.hpp"

#include <string_view>

#include "relay/core/net.hpp"

namespace baton {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

net::ip::address client_address(const Peer& peer, const RequestHeader& header,
                                const std::vector<AddressRange>& trusted_proxies) {
  auto client = plain_address(peer.address);
  if (!any_contains(trusted_proxies, client)) return client;
  // Each proxy appends what it saw; several header lines read as one list.
  std::vector<std::string_view> hops;
  auto [first, last] = header.equal_range("X-Forwarded-For");
  for (auto field = first; field != last; ++field) {
    std::string_view list = field->value();
    std::size_t start = 0;
    while (start <= list.size()) {
      auto end = list.find(',', start);
      if (end == std::string_view::npos) end = list.size();
      hops.push_back(trim(list.substr(start, end - start)));
      start = end + 1;
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    boost::system::error_code ec;
    auto hop = net::ip::make_address(std::string(*it), ec);
    if (ec) break;  // garbage: stay with the last address a trusted proxy vouched for
    client = plain_address(hop);
    if (!any_contains(trusted_proxies, client)) break;
  }
  return client;
}

std::string client_key(const Peer& peer, const RequestHeader& header,
                       const std::vector<AddressRange>& trusted_proxies) {
  return limit_key(client_address(peer, header, trusted_proxies));
}

}  // namespace baton
