// Copies of a left message go to an address nobody has confirmed, so they
// are capped: three a day to one mailbox. Found on review: the cap compared
// the address as typed, so each spelling of one mailbox had three of its own.

#include <doctest/doctest.h>

#include "common/time_format.hpp"
#include "relay/conversation/handoff/email.hpp"
#include "relay/conversation/mail_transactions.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "tests/support/store_fixture.hpp"

namespace {

baton::MailSettings shop_mail() {
  baton::MailSettings mail;
  mail.support_address = "team@shop.example";
  mail.from = "baton@shop.example";
  return mail;
}

}  // namespace

TEST_CASE("mail caps: a mailbox gets three copies a day however its address is spelled") {
  baton::test::StoreFixture store;
  const std::int64_t t0 = *baton::parse_rfc3339("2026-11-23T10:00:00.000Z");
  auto mail = shop_mail();
  int minute = 0;
  for (const auto* address : {"victim@example.com", "Victim@example.com", "VICTIM@EXAMPLE.COM", "victim@Example.com"}) {
    auto at = t0 + 60'000 * ++minute;
    store.run(at, [&](baton::SessionLog& log) {
      auto id = baton::create_session_tx(log, store.random(), {}, "", "Assistant", "Hello!").session.id;
      baton::HandoffRequest request;
      request.mode = baton::HandoffMode::email;
      request.email = address;
      request.message = "please call me";
      request.copy_to_visitor = true;
      baton::handoff_email_tx(log, id, request, mail);
    });
  }
  CHECK(store.tx().mail().count_since("support", {}, 0) == 4);  // the team hears of each
  CHECK(store.tx().mail().count_since("copy", {}, 0) == 3);
  CHECK(store.tx().mail().count_since("copy", "VICTIM@example.com", 0) == 3);
}

// Found on review: SQLite bound an empty view as NULL, so `?2 = ''` never
// held and the hourly cap on copies to all addresses counted nothing.
TEST_CASE("mail caps: at most thirty copies an hour to all addresses together") {
  baton::test::StoreFixture store;
  const std::int64_t t0 = *baton::parse_rfc3339("2026-11-23T10:00:00.000Z");
  auto mail = shop_mail();
  store.run(t0, [&](baton::SessionLog& log) {
    for (int i = 0; i < baton::max_copies_per_hour + 1; ++i) {
      auto id = baton::create_session_tx(log, store.random(), {}, "", "Assistant", "Hello!").session.id;
      baton::HandoffRequest request;
      request.mode = baton::HandoffMode::email;
      request.email = "visitor" + std::to_string(i) + "@example.com";
      request.message = "please write back";
      request.copy_to_visitor = true;
      baton::handoff_email_tx(log, id, request, mail);
    }
  });
  CHECK(store.tx().mail().count_since("copy", {}, 0) == baton::max_copies_per_hour);
}
