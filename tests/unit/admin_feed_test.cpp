// The admin feed: what listeners get, what the journal keeps and finds, how
// numbers are masked, and the figures' quantiles.

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

#include "relay/app/figures_ticker.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/core/ring_buffer.hpp"

namespace baton {
namespace {

struct Collector : FeedListener {
  std::vector<std::string> lines;
  void on_feed(const FeedLine& line) override { lines.push_back(*line); }
};

}  // namespace

TEST_CASE("ring buffer: keeps the newest items in order") {
  RingBuffer<int> ring(3);
  for (int i = 1; i <= 5; ++i) ring.push(i);
  REQUIRE(ring.size() == 3);
  CHECK(ring[0] == 3);
  CHECK(ring[1] == 4);
  CHECK(ring[2] == 5);
}

TEST_CASE("admin feed: listeners get each event once, with its type, time and session") {
  AdminFeed feed;
  auto collector = std::make_shared<Collector>();
  CHECK_FALSE(feed.watched());
  feed.subscribe(collector);
  CHECK(feed.watched());
  feed.emit("message", "s1", boost::json::object{{"id", "m1"}, {"seq", 3}}, 1000);
  REQUIRE(collector->lines.size() == 1);
  CHECK(collector->lines[0].find(R"("type":"message")") != std::string::npos);
  CHECK(collector->lines[0].find(R"("session":"s1")") != std::string::npos);
  CHECK(collector->lines[0].find(R"("t":1000)") != std::string::npos);
  feed.unsubscribe(collector.get());
  feed.emit("message", "s1", boost::json::object{{"id", "m2"}}, 1001);
  CHECK(collector->lines.size() == 1);
  // A listener that went away without unsubscribing is forgotten.
  auto gone = std::make_shared<Collector>();
  feed.subscribe(gone);
  gone.reset();
  CHECK_FALSE(feed.watched());
}

TEST_CASE("admin feed: the journal finds events by a string value, not by a number or a part") {
  AdminFeed feed;
  feed.emit("outbox", "", boost::json::object{{"row", "42"}, {"message", "m1"}}, 1);
  feed.emit("graph", "", boost::json::object{{"row", "142"}, {"http", 42}}, 2);
  feed.emit("status", "", boost::json::object{{"id", "m1"}, {"seq", 42}}, 3);
  CHECK(feed.mentioning({"42"}).size() == 1);
  CHECK(feed.mentioning({"m1"}).size() == 2);
  CHECK(feed.mentioning({"m1", "142"}).size() == 3);
  CHECK(feed.mentioning({""}).empty());
  CHECK(feed.emitted() == 3);
}

TEST_CASE("admin feed: an event written as a line reads back as the same JSON as one built as a tree") {
  // Every character a visitor may put in a client id, a name or a wamid.
  std::string awkward = "quote \" backslash \\ slash / newline \n tab \t bell \x07 nul";
  awkward += '\0';
  awkward += " del \x7f caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x91\x8b";
  auto tree = boost::json::object{{"text", awkward},
                                  {"seq", std::uint64_t{18446744073709551615ULL}},
                                  {"low", std::int64_t{-9223372036854775807LL - 1}},
                                  {"ms", 12.5},
                                  {"tabs", 0}};
  auto line = JsonWriter()
                  .add("text", awkward)
                  .add("seq", std::numeric_limits<std::uint64_t>::max())
                  .add("low", std::numeric_limits<std::int64_t>::min())
                  .add("ms", 12.5)
                  .add("tabs", std::size_t{0});
  CHECK(boost::json::parse(line.object()) == boost::json::value(tree));
  CHECK(boost::json::parse(JsonWriter(tree).object()) == boost::json::value(tree));
  // No raw control character reaches the line.
  for (char c : line.object()) CHECK(static_cast<unsigned char>(c) >= 0x20);
  // JSON has no infinity: it goes as null rather than as a broken line.
  CHECK(JsonWriter().add("ms", std::numeric_limits<double>::infinity()).object() == R"({"ms":null})");
  CHECK(JsonWriter().object() == "{}");
}

TEST_CASE("admin feed: an emitted line is one JSON object with the event's fields, type, time and session") {
  AdminFeed feed;
  auto collector = std::make_shared<Collector>();
  feed.subscribe(collector);
  feed.emit("webhook", "s\"1", JsonWriter().add("result", "stored").add_json("items", R"([{"item":"message"}])"), 7);
  feed.emit("figures", "", JsonWriter(), 8);
  REQUIRE(collector->lines.size() == 2);
  auto first = boost::json::parse(collector->lines[0]).as_object();
  CHECK(first.at("result") == "stored");
  CHECK(first.at("items").as_array().size() == 1);
  CHECK(first.at("type") == "webhook");
  CHECK(first.at("t") == 7);
  CHECK(first.at("session") == "s\"1");
  auto second = boost::json::parse(collector->lines[1]).as_object();
  CHECK(second.size() == 2);
  CHECK_FALSE(second.contains("session"));
}

TEST_CASE("admin feed: phone numbers are masked to the country code and the last four digits") {
  CHECK(masked_phone("+15551230001") == "+1555***0001");
  CHECK(masked_phone("351912345678") == "3519***5678");
  CHECK(masked_phone("+1234") == "****");
  CHECK(masked_phone("") == "");
}

TEST_CASE("figures: a quantile is the bound of the bucket that holds it, over what changed only") {
  metrics::Histogram h({0.001, 0.01, 0.1});
  h.observe(0.0005);
  auto before = h.snapshot();
  CHECK_FALSE(quantile_between(before, before, 0.5));
  for (int i = 0; i < 98; ++i) h.observe(0.005);
  h.observe(0.05);
  h.observe(5.0);
  auto after = h.snapshot();
  CHECK(quantile_between(before, after, 0.5) == doctest::Approx(10.0));
  CHECK(quantile_between(before, after, 0.99) == doctest::Approx(100.0));
  CHECK(quantile_between(before, after, 1.0) == doctest::Approx(100.0));
}

}  // namespace baton
