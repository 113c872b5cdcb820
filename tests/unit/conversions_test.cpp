// Conversions at injected times: what the page may report, and which count
// for a chat's metrics (only those within the owner's window after it began).

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include "relay/conversation/conversions.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/conversation/success_metrics.hpp"
#include "relay/core/refusal.hpp"
#include "tests/support/store_fixture.hpp"

using namespace baton;
using baton::test::StoreFixture;

namespace {

constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
constexpr std::int64_t start_ms = 1'796'000'000'000;  // 2026-11-29

ConversionRecord conversion(const std::string& session, std::string cid, double value) {
  auto read = conversion_from_json(boost::json::parse(R"({"cid":")" + cid + R"(","event":"purchase","value":)" +
                                                      std::to_string(value) + R"(,"currency":"EUR"})"));
  auto c = std::get<ConversionRecord>(read);
  c.session_id = session;
  return c;
}

}  // namespace

TEST_CASE("conversions: counted for a chat only within the window after it began, each cid once") {
  StoreFixture store;
  std::string session;
  store.run(start_ms, [&](SessionLog& log) {
    session = create_session_tx(log, store.random(), {}, "https://shop.example", "Assistant", "Hi").session.id;
  });
  auto record = [&](std::int64_t at, const std::string& cid, double value) {
    bool stored = false;
    store.run(at, [&](SessionLog& log) { stored = record_conversion_tx(log, conversion(session, cid, value)); });
    return stored;
  };
  CHECK(record(start_ms + day_ms, "in", 30));
  CHECK_FALSE(record(start_ms + 2 * day_ms, "in", 30));  // a retry
  CHECK(record(start_ms + 8 * day_ms, "late", 12.25));
  MetricsQuery query;
  query.from_ms = start_ms - day_ms;
  query.to_ms = start_ms + day_ms;
  auto week = success_metrics(store.tx(), query);
  CHECK(week.at("total").at("converted") == 1);
  CHECK(week.at("total").at("conversion_value").at("EUR").as_double() == doctest::Approx(30));
  query.conversion_window_ms = 9 * day_ms;
  auto longer = success_metrics(store.tx(), query);
  CHECK(longer.at("total").at("conversion_value").at("EUR").as_double() == doctest::Approx(42.25));
  CHECK(longer.at("conversion_window_days") == 9);
}

TEST_CASE("conversions: at most 100 per chat a day, then refused with a time to retry") {
  StoreFixture store;
  std::string session;
  store.run(start_ms, [&](SessionLog& log) {
    session = create_session_tx(log, store.random(), {}, "https://shop.example", "Assistant", "Hi").session.id;
  });
  for (int i = 0; i < conversions_per_chat_per_day; ++i) {
    store.run(start_ms,
              [&](SessionLog& log) { record_conversion_tx(log, conversion(session, "c" + std::to_string(i), 1)); });
  }
  try {
    store.run(start_ms, [&](SessionLog& log) { record_conversion_tx(log, conversion(session, "one-more", 1)); });
    FAIL("not refused");
  } catch (const Refused& refused) {
    CHECK(refused.refusal().code == "too_many_conversions");
    CHECK(refused.refusal().retry_after_ms > 0);
  }
  // A day later there is room again.
  store.run(start_ms + day_ms + 1,
            [&](SessionLog& log) { CHECK(record_conversion_tx(log, conversion(session, "next-day", 1))); });
}

TEST_CASE("conversions: what the page sends is read strictly") {
  auto problem = [](const char* json) {
    auto read = conversion_from_json(boost::json::parse(json));
    return std::holds_alternative<std::string>(read) ? std::get<std::string>(read) : std::string();
  };
  CHECK(problem(R"({"cid":"a","event":"signup"})").empty());
  CHECK(problem(R"({"cid":"a","event":"purchase","value":0})").empty());  // no value, no currency needed
  CHECK(problem(R"({"cid":"a","event":"purchase","value":1e13,"currency":"EUR"})") == "value is from 0 to 10^12");
  CHECK(problem(R"({"cid":"a","event":"purchase","value":3,"currency":"EURO"})").find("ISO 4217") != std::string::npos);
  CHECK(problem(R"({"cid":"a","event":"line\nbreak"})").find("event") == 0);
  CHECK(problem(R"({"cid":"","event":"purchase"})").find("cid") == 0);
  CHECK(problem(R"({"cid":"a","event":"purchase","value":3})") == "a value needs its currency, such as EUR");
}
