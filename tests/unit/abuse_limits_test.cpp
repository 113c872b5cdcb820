// Rates, per-key limits, address ranges and the client address behind a
// proxy: the parts the relay's abuse limits are made of.

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <doctest/doctest.h>

#include "relay/core/abuse_limits.hpp"
#include "relay/core/address_range.hpp"
#include "relay/core/rate_limit.hpp"
#include "relay/http/client_address.hpp"

using baton::AbuseLimits;
using baton::AbuseRates;
using baton::AddressRange;
using baton::KeyedRateLimit;
using baton::Rate;
using boost::asio::ip::make_address;

TEST_CASE("rates: parsed from N/unit, and written back the same way") {
  CHECK(Rate::parse("30/h") == Rate{30, 3600 * 1000});
  CHECK(Rate::parse("5/s") == Rate{5, 1000});
  CHECK(Rate::parse("20/min") == Rate{20, 60 * 1000});
  CHECK(Rate::parse("2/d") == Rate{2, 24 * 3600 * 1000});
  CHECK(Rate::parse("20/min")->to_string() == "20/min");
  for (const char* bad : {"", "30", "/h", "0/h", "-1/h", "30/hour", "30/h ", "1.5/s", "2000000/s", "30//h"}) {
    CAPTURE(bad);
    CHECK_FALSE(Rate::parse(bad));
  }
}

TEST_CASE("keyed limits: a burst of the whole allowance, then a wait that shrinks as it refills") {
  KeyedRateLimit limit(Rate{3, 60 * 1000});
  std::int64_t now = 1'000'000;
  for (int i = 0; i < 3; ++i) CHECK(limit.take("a", now) == 0);
  auto wait = limit.take("a", now);
  CHECK(wait == doctest::Approx(20'000).epsilon(0.01));  // one use comes back every 20 s
  CHECK(limit.take("b", now) == 0);                      // another key has its own
  CHECK(limit.take("a", now + 10'000) > 0);
  CHECK(limit.take("a", now + 20'001) == 0);
  CHECK(limit.wait("never-seen", now) == 0);
  CHECK(limit.used("never-seen", now) == 0);
}

TEST_CASE("keyed limits: many keys cost bounded memory") {
  KeyedRateLimit limit(Rate{2, 60 * 1000}, 100);
  for (int i = 0; i < 10'000; ++i) limit.take("k" + std::to_string(i), 5'000);
  CHECK(limit.keys() <= 100);
  // Keys whose allowance is whole again are the first to go.
  KeyedRateLimit refilled(Rate{1, 1000}, 10);
  for (int i = 0; i < 10; ++i) refilled.take("old" + std::to_string(i), 0);
  refilled.take("busy", 0);
  CHECK(refilled.keys() <= 10);
  refilled.take("new", 10'000);
  CHECK(refilled.take("busy", 10'000) == 0);
}

TEST_CASE("abuse limits: a refusal by the address's limit spends nothing of the chat's") {
  AbuseRates rates;
  rates.messages_per_session = Rate{5, 60 * 1000};
  rates.messages_per_ip = Rate{2, 60 * 1000};
  AbuseLimits limits(rates);
  CHECK_FALSE(limits.message("s1", "198.51.100.1", 0));
  CHECK_FALSE(limits.message("s1", "198.51.100.1", 0));
  auto refused = limits.message("s1", "198.51.100.1", 0);
  REQUIRE(refused);
  CHECK(refused->code == "rate_limited");
  CHECK(refused->kind == baton::RefusalKind::too_many);
  CHECK(refused->retry_after_ms > 0);
  // From other addresses the chat still has three of its five.
  for (int i = 0; i < 2; ++i) CHECK_FALSE(limits.message("s1", "198.51.100.2", 0));
  CHECK_FALSE(limits.message("s1", "198.51.100.3", 0));
  CHECK(limits.message("s1", "198.51.100.3", 0));
}

TEST_CASE("abuse limits: e-mails count as requests for a person and as e-mails") {
  AbuseRates rates;
  rates.emails_per_session = Rate{1, 3600 * 1000};
  AbuseLimits limits(rates);
  CHECK_FALSE(limits.handoff("s1", "192.0.2.1", true, 0));
  CHECK(limits.handoff("s1", "192.0.2.1", true, 0));
  CHECK_FALSE(limits.handoff("s1", "192.0.2.1", false, 0));  // a live chat is still allowed
}

TEST_CASE("abuse limits: wrong admin tokens wait longer each time, then lock the address out") {
  AbuseRates rates;
  rates.admin_failures_per_ip = Rate{4, 3600 * 1000};
  AbuseLimits limits(rates);
  CHECK_FALSE(limits.admin_attempt("192.0.2.9", 0));
  CHECK(limits.admin_failed("192.0.2.9", 0).count() == 250);
  CHECK(limits.admin_failed("192.0.2.9", 0).count() == 500);
  CHECK(limits.admin_failed("192.0.2.9", 0).count() == 1000);
  CHECK_FALSE(limits.admin_attempt("192.0.2.9", 0));
  CHECK(limits.admin_failed("192.0.2.9", 0).count() == 2000);
  CHECK(limits.admin_attempt("192.0.2.9", 0));
  CHECK_FALSE(limits.admin_attempt("192.0.2.10", 0));
  CHECK_FALSE(limits.admin_attempt("192.0.2.9", 3600 * 1000 / 4 + 1));  // one try back after 15 minutes
}

TEST_CASE("retry phrases: seconds for short waits, minutes for long ones") {
  CHECK(baton::retry_phrase(1) == "in 1 second");
  CHECK(baton::retry_phrase(4500) == "in 5 seconds");
  CHECK(baton::retry_phrase(20 * 60 * 1000) == "in 20 minutes");
}

TEST_CASE("address ranges: IPv4, IPv6, single addresses, and IPv4 seen as IPv6") {
  auto net10 = AddressRange::parse("10.0.0.0/8");
  REQUIRE(net10);
  CHECK(net10->contains(make_address("10.200.1.2")));
  CHECK_FALSE(net10->contains(make_address("11.0.0.1")));
  CHECK(net10->contains(make_address("::ffff:10.1.1.1")));
  CHECK_FALSE(net10->contains(make_address("2001:db8::1")));
  auto doc = AddressRange::parse("2001:db8::/32");
  REQUIRE(doc);
  CHECK(doc->contains(make_address("2001:db8:ffff::1")));
  CHECK_FALSE(doc->contains(make_address("2001:db9::1")));
  auto one = AddressRange::parse("192.0.2.7");
  REQUIRE(one);
  CHECK(one->contains(make_address("192.0.2.7")));
  CHECK_FALSE(one->contains(make_address("192.0.2.8")));
  CHECK(AddressRange::parse("172.16.0.0/12")->contains(make_address("172.31.255.255")));
  CHECK(AddressRange::parse("0.0.0.0/0")->contains(make_address("8.8.8.8")));
  for (const char* bad : {"", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "shop.example", "::/129", "10.0.0.0/8x"}) {
    CAPTURE(bad);
    CHECK_FALSE(AddressRange::parse(bad));
  }
}

TEST_CASE("limit keys: an IPv4 address, or an IPv6 address's /64") {
  CHECK(baton::limit_key(make_address("198.51.100.4")) == "198.51.100.4");
  for (auto text : {"0.0.0.0", "255.255.255.255", "10.0.200.9", "127.0.0.1"}) {
    CHECK(baton::limit_key(make_address(text)) == text);
  }
  CHECK(baton::limit_key(make_address("::ffff:198.51.100.4")) == "198.51.100.4");
  CHECK(baton::limit_key(make_address("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64");
  CHECK(baton::limit_key(make_address("2001:db8:1:2:bbbb::9")) == baton::limit_key(make_address("2001:db8:1:2::")));
}

TEST_CASE("client address: X-Forwarded-For is believed only from trusted proxies, right to left") {
  std::vector<AddressRange> proxies{*AddressRange::parse("10.0.0.0/8")};
  boost::beast::http::request_header<> header;
  header.set("X-Forwarded-For", "1.1.1.1, 203.0.113.5, 10.0.0.2");
  baton::Peer proxy{make_address("10.0.0.1"), nullptr};
  baton::Peer stranger{make_address("198.51.100.1"), nullptr};
  CHECK(baton::client_address(proxy, header, proxies) == make_address("203.0.113.5"));
  CHECK(baton::client_address(stranger, header, proxies) == make_address("198.51.100.1"));
  CHECK(baton::client_address(proxy, header, {}) == make_address("10.0.0.1"));

  boost::beast::http::request_header<> garbage;
  garbage.set("X-Forwarded-For", "203.0.113.5, not-an-address");
  CHECK(baton::client_address(proxy, garbage, proxies) == make_address("10.0.0.1"));

  boost::beast::http::request_header<> two_lines;
  two_lines.insert("X-Forwarded-For", "203.0.113.9");
  two_lines.insert("X-Forwarded-For", "10.0.0.3");
  CHECK(baton::client_address(proxy, two_lines, proxies) == make_address("203.0.113.9"));

  boost::beast::http::request_header<> none;
  CHECK(baton::client_address(proxy, none, proxies) == make_address("10.0.0.1"));
}
