// Export, erase and retention as transactions, with an injected clock.

#include <doctest/doctest.h>

#include "relay/conversation/privacy.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "tests/support/store_fixture.hpp"

using baton::test::StoreFixture;

namespace {

constexpr std::int64_t day_ms = 24 * 3600 * 1000;
constexpr std::int64_t t0 = 1'790'000'000'000;

std::string chat(StoreFixture& store, std::int64_t at, const std::string& email, const std::string& text) {
  std::string id;
  baton::VisitorContext context;
  context.email = email;
  context.phone = "+15550001111";
  store.run(at, [&](baton::SessionLog& log) {
    id = baton::create_session_tx(log, store.random(), context, "https://shop.example", "Assistant", "Hi").session.id;
  });
  store.run(at, [&](baton::SessionLog& log) { baton::post_visitor_message_tx(log, id, "c1", text); });
  return id;
}

}  // namespace

TEST_CASE("privacy: a visitor is found by e-mail in any case, by phone, or by session, and erased whole") {
  StoreFixture store;
  auto a = chat(store, t0, "Ana@Example.com", "first chat");
  auto b = chat(store, t0, "ana@example.com", "second chat");
  auto other = chat(store, t0, "bo@example.com", "not Ana");

  baton::VisitorSelector by_email{"", "", "ANA@example.COM"};
  auto dossiers = baton::export_visitor(store.tx(), by_email);
  REQUIRE(dossiers.size() == 2);
  CHECK(dossiers[0].messages.size() == 2);  // greeting and the visitor's line
  CHECK(baton::sessions_selected(store.tx(), {"", "+15550001111", ""}).size() == 3);
  CHECK(baton::sessions_selected(store.tx(), {other, "", ""}) == std::vector<std::string>{other});
  CHECK(baton::sessions_selected(store.tx(), {"s_nothing", "", ""}).empty());

  std::vector<std::string> erased;
  store.run(t0, [&](baton::SessionLog& log) { erased = baton::erase_visitor_tx(log, by_email); });
  CHECK(erased.size() == 2);
  CHECK_FALSE(store.tx().sessions().find(a));
  CHECK_FALSE(store.tx().sessions().find(b));
  CHECK(store.tx().messages().after(a, 0, 10).empty());
  CHECK(store.tx().sessions().find(other));
  CHECK(store.tx().messages().after(other, 0, 10).size() == 2);
}

TEST_CASE("privacy: retention erases chats untouched for the period, in batches, and keeps the rest") {
  StoreFixture store;
  auto old1 = chat(store, t0, "", "old one");
  auto old2 = chat(store, t0 + 1, "", "old two");
  auto recent = chat(store, t0 + 100 * day_ms, "", "recent");
  auto talking = chat(store, t0, "", "started long ago");
  store.run(t0 + 90 * day_ms,
            [&](baton::SessionLog& log) { baton::post_visitor_message_tx(log, talking, "c2", "and still talking"); });
  auto now = t0 + 181 * day_ms;
  auto before = now - 180 * day_ms;
  std::size_t first = 0, second = 0, third = 0;
  store.run(now, [&](baton::SessionLog& log) { first = baton::expire_chats_tx(log.tx(), before, 1); });
  store.run(now, [&](baton::SessionLog& log) { second = baton::expire_chats_tx(log.tx(), before, 1); });
  store.run(now, [&](baton::SessionLog& log) { third = baton::expire_chats_tx(log.tx(), before, 1); });
  CHECK(first == 1);
  CHECK(second == 1);
  CHECK(third == 0);
  CHECK_FALSE(store.tx().sessions().find(old1));
  CHECK_FALSE(store.tx().sessions().find(old2));
  CHECK(store.tx().sessions().find(recent));
  CHECK(store.tx().sessions().find(talking));
}
