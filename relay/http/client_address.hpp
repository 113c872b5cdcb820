#pragma once
// Which address a request comes from. Behind a reverse proxy every
// connection comes from the proxy, so the client is read from
// X-Forwarded-For, but only when the peer is a proxy the site owner named
// (--trusted-proxies): anyone else could write any address there.

#include <boost/asio/ip/address.hpp>
#include <vector>

#include "relay/core/address_range.hpp"
#include "relay/http/request_handlers.hpp"

namespace baton {

// The peer's address, or, when the peer is trusted, the rightmost
// X-Forwarded-For entry that is not itself a trusted proxy (entries left of
// it were written by the client and prove nothing).
boost::asio::ip::address client_address(const Peer& peer, const RequestHeader& header,
                                        const std::vector<AddressRange>& trusted_proxies);

// What the per-address limits count that client under (limit_key).
std::string client_key(const Peer& peer, const RequestHeader& header, const std::vector<AddressRange>& trusted_proxies);

}  // namespace baton
