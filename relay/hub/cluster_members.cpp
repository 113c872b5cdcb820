#include "relay/hub/cluster_members.hpp"

namespace baton {

namespace {

// FNV-1a over the bytes, then a finalizer so that keys differing in one
// character spread over every relay (FNV alone mixes its last bytes poorly).
std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes) {
  for (char c : bytes) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// A relay's score for a key: the same on every relay and every build.
std::uint64_t rendezvous_score(const RelayId& relay, std::string_view key) {
  auto hash = fnv1a(0xcbf29ce484222325ULL, std::string_view(reinterpret_cast<const char*>(relay.data()), relay.size()));
  return mix(fnv1a(hash, key));
}

}  // namespace

bool ClusterMembers::heard(const RelayId& relay, std::int64_t now_ms) {
  if (relay == self_) return false;
  auto [it, joined] = others_.insert_or_assign(relay, now_ms);
  return joined;
}

bool ClusterMembers::expire(std::int64_t now_ms) {
  auto before = others_.size();
  std::erase_if(others_, [&](const auto& member) { return now_ms - member.second > silence_ms; });
  return others_.size() != before;
}

bool ClusterMembers::owns(std::string_view key) const {
  auto mine = rendezvous_score(self_, key);
  for (const auto& [relay, heard] : others_) {
    auto theirs = rendezvous_score(relay, key);
    // Ties (as good as never) go to the smaller id, the same on every relay.
    if (theirs > mine || (theirs == mine && relay < self_)) return false;
  }
  return true;
}

}  // namespace baton
