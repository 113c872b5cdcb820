// The hub over the SQLite store (what any store must do is in
// store_contract_test.cpp).

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include "relay/hub/local_hub.hpp"
#include "relay/store/sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

struct Recorder : baton::Subscriber {
  std::vector<std::uint64_t> seqs;
  void deliver(const baton::SharedFrame& frame) override { seqs.push_back(frame->seq()); }
};

}  // namespace

TEST_CASE("hub: every subscriber of a session gets the same encoded buffer") {
  baton::LocalHub hub;
  auto a = std::make_shared<Recorder>();
  auto b = std::make_shared<Recorder>();
  auto other = std::make_shared<Recorder>();
  hub.subscribe("s_1", a);
  hub.subscribe("s_1", b);
  hub.subscribe("s_2", other);
  baton::Message m;
  m.seq = 5;
  auto frame = baton::make_frame(m);
  hub.publish("s_1", frame);
  CHECK(a->seqs == std::vector<std::uint64_t>{5});
  CHECK(b->seqs == std::vector<std::uint64_t>{5});
  CHECK(other->seqs.empty());
  CHECK(frame->json().get() == frame->json().get());  // encoded once
  hub.unsubscribe("s_1", a.get());
  b.reset();  // a closed tab disappears on its own
  hub.publish("s_1", frame);
  CHECK(a->seqs.size() == 1);
  CHECK(hub.subscribers("s_1") == 0);
}
