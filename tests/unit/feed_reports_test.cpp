// What the admin feed says of a commit's effects on the WhatsApp outbox
// (relay/conversation/feed_reports.hpp).

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include "relay/conversation/effects.hpp"
#include "relay/conversation/feed_reports.hpp"
#include "relay/core/admin_feed.hpp"

namespace {

struct Lines : baton::FeedListener {
  std::vector<boost::json::object> events;
  void on_feed(const baton::FeedLine& line) override { events.push_back(boost::json::parse(*line).as_object()); }
};

}  // namespace

// Every message from someone releases their lane. The console hears "window_open" when rows that waited for that
// window go out, not once for every message of a window that was open all along.
TEST_CASE("feed reports: a window opens on the feed when rows that waited for it go out") {
  baton::AdminFeed feed;
  auto lines = std::make_shared<Lines>();
  feed.subscribe(lines);
  baton::Effects effects;
  effects.release = {"+15551230001", "+15551230002"};
  baton::OutboxRecord waited;
  waited.id = 7;
  waited.recipient = "+15551230002";
  waited.session_id = "s_1";
  effects.enqueue.push_back(waited);
  baton::report_outbox_changes(feed, effects, 1000);

  std::vector<std::string> changes;
  for (const auto& event : lines->events) {
    CHECK(event.at("type") == "outbox");
    changes.emplace_back(event.at("change").as_string());
    if (event.at("change") == "window_open")
      CHECK(event.at("recipient").as_string() == baton::masked_phone("+15551230002"));
  }
  CHECK(changes == std::vector<std::string>{"queued", "window_open"});
}
