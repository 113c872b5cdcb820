// Which relay of a cluster looks after which outbox lane
// (relay/hub/cluster_members.hpp): every relay that hears the same members
// names the same owner, the lanes spread over the relays, and a relay that
// leaves moves only its own lanes.

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

#include "relay/hub/cluster_members.hpp"

using namespace baton;

namespace {

RelayId relay_id(std::uint8_t n) {
  RelayId id{};
  id.fill(n);
  id[7] = static_cast<std::uint8_t>(n * 37);
  return id;
}

std::string recipient(std::size_t n) { return "+1555" + std::to_string(1000000 + n); }

}  // namespace

TEST_CASE("cluster members: alone, a relay looks after everything") {
  ClusterMembers alone(relay_id(1));
  CHECK(alone.size() == 1);
  for (std::size_t n = 0; n < 100; ++n) CHECK(alone.owns(recipient(n)));
}

TEST_CASE("cluster members: three relays agree on one owner per lane, spread evenly, and a leaver moves only its own") {
  std::array<RelayId, 3> ids{relay_id(1), relay_id(2), relay_id(3)};
  std::array<ClusterMembers, 3> views{ClusterMembers(ids[0]), ClusterMembers(ids[1]), ClusterMembers(ids[2])};
  for (auto& view : views) {
    for (const auto& id : ids) view.heard(id, 0);
    CHECK(view.size() == 3);
  }
  constexpr std::size_t lanes = 3000;
  std::array<std::size_t, 3> owned{};
  std::vector<std::size_t> owner_of(lanes);
  for (std::size_t n = 0; n < lanes; ++n) {
    int owners = 0;
    for (std::size_t r = 0; r < 3; ++r) {
      if (views[r].owns(recipient(n))) {
        ++owners;
        ++owned[r];
        owner_of[n] = r;
      }
    }
    CHECK(owners == 1);
  }
  for (auto count : owned) {
    CHECK(count > lanes / 4);
    CHECK(count < lanes / 2);
  }

  // Relay 3 goes silent: the others let it go, and only its lanes move.
  for (std::size_t r = 0; r < 2; ++r) {
    views[r].heard(ids[1 - r], ClusterMembers::silence_ms);
    CHECK(views[r].expire(ClusterMembers::silence_ms + 1));
    CHECK(views[r].size() == 2);
  }
  for (std::size_t n = 0; n < lanes; ++n) {
    bool by_first = views[0].owns(recipient(n));
    CHECK(by_first != views[1].owns(recipient(n)));
    if (owner_of[n] != 2) CHECK(by_first == (owner_of[n] == 0));
  }
}

TEST_CASE("cluster members: a relay leaves after silence_ms unheard, and joins again when heard") {
  ClusterMembers view(relay_id(1));
  CHECK(view.heard(relay_id(2), 1000));
  CHECK_FALSE(view.heard(relay_id(2), 2000));  // already a member
  CHECK_FALSE(view.heard(relay_id(1), 2000));  // itself
  CHECK_FALSE(view.expire(2000 + ClusterMembers::silence_ms));
  CHECK(view.size() == 2);
  CHECK(view.expire(2001 + ClusterMembers::silence_ms));
  CHECK(view.size() == 1);
  CHECK(view.heard(relay_id(2), 9000));
  CHECK(view.size() == 2);
}
