// wa-sim's pure state: rate buckets, fault rules, wamids, windows and the
// inbound messages /sim/inbound turns into webhooks.

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <set>

#include "tests/support/seeded_random.hpp"
#include "tools/wa-sim/fault_plan.hpp"
#include "tools/wa-sim/inbound_builder.hpp"
#include "tools/wa-sim/media_store.hpp"
#include "tools/wa-sim/rate_limiter.hpp"
#include "tools/wa-sim/user_directory.hpp"
#include "tools/wa-sim/wamid_factory.hpp"

namespace {

using baton::sim::FaultKind;
using baton::sim::FaultPlan;
using baton::sim::RateLimiter;
using baton::sim::WindowErrors;

constexpr std::int64_t hour_ms = 60 * 60 * 1000;

}  // namespace

TEST_CASE("wa-sim: throughput bucket, then the pair limit") {
  RateLimiter limiter(3, 45, 6000);
  std::int64_t t = 1'000'000;
  CHECK(limiter.admit("+1", t) == RateLimiter::Verdict::ok);
  CHECK(limiter.admit("+2", t) == RateLimiter::Verdict::ok);
  CHECK(limiter.admit("+3", t) == RateLimiter::Verdict::ok);
  CHECK(limiter.admit("+4", t) == RateLimiter::Verdict::throughput);
  CHECK(limiter.admit("+4", t + 334) == RateLimiter::Verdict::ok);

  RateLimiter pair(1000, 45, 6000);
  for (int i = 0; i < 45; ++i) REQUIRE(pair.admit("+1", t) == RateLimiter::Verdict::ok);
  CHECK(pair.admit("+1", t) == RateLimiter::Verdict::pair);
  CHECK(pair.admit("+2", t) == RateLimiter::Verdict::ok);  // other users are unaffected
  CHECK(pair.admit("+1", t + 5000) == RateLimiter::Verdict::pair);
  CHECK(pair.admit("+1", t + 6001) == RateLimiter::Verdict::ok);
  pair.reset();
  CHECK(pair.admit("+1", t + 6002) == RateLimiter::Verdict::ok);
}

TEST_CASE("wa-sim: fault rules") {
  FaultPlan plan(WindowErrors::async);
  CHECK(plan.add(boost::json::parse(R"({"kind":"error","code":131000,"count":2})")) == std::nullopt);
  CHECK(plan.add(boost::json::parse(R"({"rules":[{"kind":"slow","delay_ms":50},{"kind":"duplicate_webhooks"}]})")) ==
        std::nullopt);
  CHECK(plan.to_json().size() == 3);

  auto first = plan.take_send_fault();
  REQUIRE(first);
  CHECK(first->kind == FaultKind::error);
  CHECK(first->code == 131000);
  CHECK(plan.take_send_fault()->kind == FaultKind::error);
  CHECK(plan.take_send_fault()->kind == FaultKind::slow);
  CHECK_FALSE(plan.take_send_fault());
  CHECK(plan.take(FaultKind::duplicate_webhooks));
  CHECK_FALSE(plan.take(FaultKind::duplicate_webhooks));

  CHECK(plan.add(boost::json::parse(R"({"kind":"undeliverable","phone":"+15551230009"})")) == std::nullopt);
  CHECK(plan.undeliverable("+15551230009"));
  CHECK(plan.add(boost::json::parse(R"({"kind":"window","mode":"sync"})")) == std::nullopt);
  CHECK(plan.window_errors() == WindowErrors::sync);

  // A bad rule in a list adds none of them.
  CHECK(plan.add(boost::json::parse(R"({"rules":[{"kind":"reject"},{"kind":"nonsense"}]})")).has_value());
  CHECK_FALSE(plan.take(FaultKind::reject));
  CHECK(plan.add(boost::json::parse(R"({"kind":"slow","delay_ms":-1})")).has_value());
  CHECK(plan.add(boost::json::parse(R"({"kind":"http_status","status":42})")).has_value());
  CHECK(plan.add(boost::json::parse(R"([1,2])")).has_value());

  plan.clear();
  CHECK(plan.to_json().empty());
  CHECK(plan.window_errors() == WindowErrors::async);
  CHECK_FALSE(plan.undeliverable("+15551230009"));
}

TEST_CASE("wa-sim: wamids look like Meta's and never repeat") {
  baton::test::SeededRandom random;
  baton::sim::WamidFactory wamids(random);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = wamids.outbound("15551230001");
    CHECK(id.starts_with("wamid.HBgL"));
    CHECK(seen.insert(id).second);
  }
  CHECK(wamids.inbound("4915123456789").starts_with("wamid.HBgN"));
}

TEST_CASE("wa-sim: the 24-hour window") {
  baton::sim::UserDirectory users(std::vector<baton::sim::SimUser>{{"Ana", "+15551230001"}});
  std::int64_t now = 100 * 24 * hour_ms;
  CHECK_FALSE(users.window_open("+15551230001", now));
  users.record_inbound("+15551230001", "US.77", "Ana", now - 23 * hour_ms);
  CHECK(users.window_open("+15551230001", now));
  CHECK(users.window_open("US.77", now));  // the same person by business-scoped id
  CHECK_FALSE(users.window_open("+15551230001", now + 2 * hour_ms));
  users.set_window("+15551230001", std::nullopt);
  CHECK_FALSE(users.window_open("+15551230001", now));
  users.set_window("+15551230002", now);
  CHECK(users.window_open("+15551230002", now + hour_ms));
  CHECK(users.aliases("US.77") == std::vector<std::string>{"+15551230001", "US.77"});
  users.reset();
  CHECK_FALSE(users.window_open("+15551230002", now));
  CHECK(users.find("+15551230001")->name == "Ana");
}

TEST_CASE("wa-sim: inbound messages as Meta shapes them") {
  baton::test::SeededRandom random;
  baton::sim::WamidFactory wamids(random);
  baton::sim::MediaStore media(random, 300000);
  baton::sim::InboundBuilder builder("15550001234", wamids, media, baton::sim::EditWebhooks::edit);
  baton::sim::UserDirectory users(std::vector<baton::sim::SimUser>{{"Ana", "+15551230001"}});
  baton::sim::MessageLog messages;
  auto build = [&](const char* json) {
    return builder.build(boost::json::parse(json), users, messages, 1767225600123);
  };

  auto text = std::get<baton::sim::Inbound>(build(R"({"from":"+15551230001","text":"hi","reply_to":"wamid.B"})"));
  CHECK(text.contact.at("profile").at("name") == "Ana");
  CHECK(text.contact.at("wa_id") == "15551230001");
  CHECK(text.message.at("from") == "15551230001");
  CHECK(text.message.at("timestamp") == "1767225600");
  CHECK(text.message.at("type") == "text");
  CHECK(text.message.at("text").at("body") == "hi");
  CHECK(text.message.at("context").at("from") == "15550001234");
  CHECK(text.message.at("context").at("id") == "wamid.B");
  CHECK(text.record.from == "+15551230001");

  auto reaction = std::get<baton::sim::Inbound>(
      build(R"({"from":"+15551230001","type":"reaction","reply_to":"wamid.B","emoji":"👍"})"));
  CHECK_FALSE(reaction.message.contains("context"));
  CHECK(reaction.message.at("reaction").at("message_id") == "wamid.B");
  auto removed = std::get<baton::sim::Inbound>(
      build(R"({"from":"+15551230001","type":"reaction","reply_to":"wamid.B"})"));
  CHECK_FALSE(removed.message.at("reaction").as_object().contains("emoji"));

  auto hidden = std::get<baton::sim::Inbound>(
      build(R"({"user_id":"US.13491208655302741918","omit_phone":true,"text":"hey","name":"Bo"})"));
  CHECK_FALSE(hidden.message.contains("from"));
  CHECK(hidden.message.at("from_user_id") == "US.13491208655302741918");
  CHECK_FALSE(hidden.contact.contains("wa_id"));
  CHECK(hidden.contact.at("user_id") == "US.13491208655302741918");

  auto button = std::get<baton::sim::Inbound>(
      build(R"({"from":"+15551230001","type":"interactive","text":"Yes","reply_id":"yes_1","reply_to":"wamid.C"})"));
  CHECK(button.message.at("interactive").at("type") == "button_reply");
  CHECK(button.message.at("interactive").at("button_reply").at("id") == "yes_1");
  auto location = std::get<baton::sim::Inbound>(
      build(R"({"from":"+15551230001","type":"location","latitude":52.52,"longitude":13.4})"));
  CHECK(location.message.at("location").at("latitude").is_double());
  auto unsupported = std::get<baton::sim::Inbound>(build(R"({"from":"+15551230001","type":"unsupported"})"));
  CHECK(unsupported.message.at("errors").as_array().at(0).at("code") == 131051);
  auto image = std::get<baton::sim::Inbound>(build(R"({"from":"+15551230001","type":"image","caption":"box"})"));
  CHECK(image.message.at("image").at("caption") == "box");
  CHECK(image.message.at("image").at("mime_type") == "image/jpeg");

  auto at = std::get<baton::sim::Inbound>(build(R"({"from":"+15551230001","text":"old","at":"2026-01-01T00:00:00Z"})"));
  CHECK(at.record.at_ms == 1767225600000);

  for (auto bad : {R"({"text":"no sender"})", R"({"from":"12","text":"x"})", R"({"from":"+15551230001"})",
                   R"({"from":"+15551230001","type":"reaction"})", R"({"from":"+15551230001","type":"gif","text":"x"})",
                   R"({"omit_phone":true,"from":"+15551230001","text":"x"})", R"({"from":"+15550001234","text":"x"})",
                   R"({"from":"+15551230001","text":"x","at":"yesterday"})", R"([])"}) {
    CAPTURE(bad);
    auto refused = build(bad);
    REQUIRE(std::holds_alternative<baton::ApiError>(refused));
    CHECK(std::get<baton::ApiError>(refused).code == "invalid_request");
  }
}
