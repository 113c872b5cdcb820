// The cluster's hub (relay/hub/redis_hub.hpp) on a real Redis: frames cross
// between two hubs as they would between two relays, a relay skips its own,
// settings' news reaches the others, and after the link was lost every tab
// is told to re-read and every setting is read again.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <functional>

#include "relay/hub/hub_envelope.hpp"
#include "relay/hub/redis_address.hpp"
#include "relay/hub/redis_hub.hpp"
#include "tests/support/redis_server.hpp"

using namespace baton;

namespace {

struct RecordingTab : Subscriber {
  std::vector<SharedFrame> frames;
  int resyncs = 0;
  void deliver(const SharedFrame& frame) override { frames.push_back(frame); }
  void resync() override { ++resyncs; }
};

SharedFrame message_frame(std::uint64_t seq, const std::string& text) {
  Message m;
  m.seq = seq;
  m.id = "m" + std::to_string(seq);
  m.author = Author::agent;
  m.text = text;
  return make_frame(ServerFrame{m});
}

std::string text_of(const SharedFrame& frame) { return std::get<Message>(frame->frame()).text; }

bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    io.run_for(std::chrono::milliseconds(5));
    io.restart();
  }
  return true;
}

// Lets whatever is under way happen, for `how_long`.
void run_for(boost::asio::io_context& io, std::chrono::milliseconds how_long) {
  run_until(
      io, [] { return false; }, how_long);
}

RelayId relay_id(std::uint8_t n) {
  RelayId id{};
  id.fill(n);
  return id;
}

// Two relays' hubs on one Redis, linked.
struct TwoRelays {
  TwoRelays() : address(*RedisAddress::parse(redis.url())) {
    a.start();
    b.start();
    REQUIRE(run_until(io, [&] { return a.linked() && b.linked(); }));
  }
  ~TwoRelays() {
    a.stop();
    b.stop();
  }
  // Both hubs told the other relays to re-read on their first link; lets
  // those pass before a test counts.
  void settle() { run_for(io, std::chrono::milliseconds(100)); }

  test::RedisServer redis;
  boost::asio::io_context io;
  RedisAddress address;
  AdminFeed feed_a;
  AdminFeed feed_b;
  RedisHub a{io.get_executor(), address, relay_id(1), feed_a};
  RedisHub b{io.get_executor(), address, relay_id(2), feed_b};
};

}  // namespace

TEST_CASE("redis hub: the --hub URL's parts") {
  auto plain = RedisAddress::parse("redis://10.0.0.5");
  REQUIRE(plain);
  CHECK(plain->host == "10.0.0.5");
  CHECK(plain->port == 6379);
  CHECK(plain->password.empty());
  CHECK(plain->database == 0);

  auto full = RedisAddress::parse("redis://baton:s3:cr@t@redis.internal:6380/2");
  REQUIRE(full);
  CHECK(full->user == "baton");
  CHECK(full->password == "s3:cr@t");
  CHECK(full->host == "redis.internal");
  CHECK(full->port == 6380);
  CHECK(full->database == 2);
  CHECK(full->where() == "redis.internal:6380");

  auto password_only = RedisAddress::parse("redis://:secret@[::1]:7000");
  REQUIRE(password_only);
  CHECK(password_only->user.empty());
  CHECK(password_only->password == "secret");
  CHECK(password_only->host == "::1");
  CHECK(password_only->where() == "[::1]:7000");

  for (const char* bad : {"redis://", "http://host", "redis://host:0", "redis://host:99999", "redis://host:x",
                          "redis://host/-1", "redis://host/db", "redis://[::1", "redis://[::1]x"}) {
    CAPTURE(bad);
    CHECK_FALSE(RedisAddress::parse(bad));
  }
}

TEST_CASE("redis hub: envelopes round-trip and refuse what is not one") {
  auto bytes = encode_envelope(HubEnvelope::Kind::session, relay_id(7), "s-1", "frame-bytes");
  auto back = decode_envelope(bytes);
  REQUIRE(back);
  CHECK(back->kind == HubEnvelope::Kind::session);
  CHECK(back->origin == relay_id(7));
  CHECK(back->subject == "s-1");
  CHECK(back->frame == "frame-bytes");

  auto resync = decode_envelope(encode_envelope(HubEnvelope::Kind::resync, relay_id(1), "", ""));
  REQUIRE(resync);
  CHECK(resync->kind == HubEnvelope::Kind::resync);
  auto setting = decode_envelope(encode_envelope(HubEnvelope::Kind::setting, relay_id(3), "allowed_origins", ""));
  REQUIRE(setting);
  CHECK(setting->kind == HubEnvelope::Kind::setting);
  CHECK(setting->subject == "allowed_origins");
  CHECK(setting->frame.empty());

  // Every prefix of a valid envelope is refused or read as what it says.
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto cut = decode_envelope(std::string_view(bytes).substr(0, n));
    if (cut) CHECK(cut->frame.size() < back->frame.size());
  }
  CHECK_FALSE(decode_envelope(""));
  auto wrong_version = bytes;
  wrong_version[0] = 9;
  CHECK_FALSE(decode_envelope(wrong_version));
  auto wrong_kind = bytes;
  wrong_kind[1] = 'x';
  CHECK_FALSE(decode_envelope(wrong_kind));
  // A chat's frame names its chat; a frame for everyone names none.
  CHECK_FALSE(decode_envelope(encode_envelope(HubEnvelope::Kind::session, relay_id(1), "", "f")));
  CHECK_FALSE(decode_envelope(encode_envelope(HubEnvelope::Kind::everyone, relay_id(1), "s", "f")));
  CHECK_FALSE(decode_envelope(encode_envelope(HubEnvelope::Kind::resync, relay_id(1), "", "f")));
  // A setting's news names the setting and carries no frame.
  CHECK_FALSE(decode_envelope(encode_envelope(HubEnvelope::Kind::setting, relay_id(1), "", "")));
  CHECK_FALSE(decode_envelope(encode_envelope(HubEnvelope::Kind::setting, relay_id(1), "hours", "f")));
  // A heartbeat is its relay's id, and says when a console is open there;
  // work names its recipient; a console event is the event alone.
  auto beat = decode_envelope(encode_envelope(HubEnvelope::Kind::heartbeat, relay_id(4), "", ""));
  REQUIRE(beat);
  CHECK(beat->origin == relay_id(4));
  auto watched = decode_envelope(encode_envelope(HubEnvelope::Kind::heartbeat, relay_id(4), "console", ""));
  REQUIRE(watched);
  CHECK(watched->subject == "console");
  CHECK_FALSE(decode_envelope(encode_envelope(HubEnvelope::Kind::heartbeat, relay_id(4), "", "f")));
  auto event = decode_envelope(encode_envelope(HubEnvelope::Kind::feed, relay_id(6), "", R"({"type":"message"})"));
  REQUIRE(event);
  CHECK(event->frame == R"({"type":"message"})");
  CHECK_FALSE(decode_envelope(encode_envelope(HubEnvelope::Kind::feed, relay_id(6), "", "")));
  CHECK_FALSE(decode_envelope(encode_envelope(HubEnvelope::Kind::feed, relay_id(6), "s", "{}")));
  auto work = decode_envelope(encode_envelope(HubEnvelope::Kind::work, relay_id(5), "+15551230001", ""));
  REQUIRE(work);
  CHECK(work->subject == "+15551230001");
  CHECK_FALSE(decode_envelope(encode_envelope(HubEnvelope::Kind::work, relay_id(5), "", "")));
}

TEST_CASE("redis hub: a frame published on one relay reaches the tabs on another, once") {
  TwoRelays relays;
  auto& io = relays.io;
  auto& a = relays.a;
  auto& b = relays.b;

  auto tab_a = std::make_shared<RecordingTab>();
  auto tab_b = std::make_shared<RecordingTab>();
  auto other_chat = std::make_shared<RecordingTab>();
  a.subscribe("s1", tab_a);
  b.subscribe("s1", tab_b);
  b.subscribe("s2", other_chat);
  relays.settle();
  tab_a->resyncs = tab_b->resyncs = 0;

  for (std::uint64_t seq = 1; seq <= 50; ++seq) a.publish("s1", message_frame(seq, "hello " + std::to_string(seq)));
  REQUIRE(run_until(io, [&] { return tab_b->frames.size() == 50; }));
  // Relay A's tab got each frame once, from A itself, not again from Redis.
  run_for(io, std::chrono::milliseconds(100));
  CHECK(tab_a->frames.size() == 50);
  CHECK(tab_b->frames.size() == 50);
  for (std::uint64_t seq = 1; seq <= 50; ++seq) {
    CHECK(tab_b->frames[seq - 1]->seq() == seq);
    CHECK(text_of(tab_b->frames[seq - 1]) == "hello " + std::to_string(seq));
  }
  CHECK(other_chat->frames.empty());

  b.publish_to_all(make_frame(ServerFrame{AvailabilityChange{}}));
  REQUIRE(run_until(io, [&] { return tab_a->frames.size() == 51; }));
  CHECK(std::holds_alternative<AvailabilityChange>(tab_a->frames.back()->frame()));
  CHECK(other_chat->frames.size() == 1);
  CHECK(tab_a->resyncs == 0);
  CHECK(tab_b->resyncs == 0);
}

TEST_CASE("redis hub: news for every tab that another relay gave already is not given again") {
  TwoRelays relays;
  auto& io = relays.io;
  auto tab_a = std::make_shared<RecordingTab>();
  auto tab_b = std::make_shared<RecordingTab>();
  relays.a.subscribe("s1", tab_a);
  relays.b.subscribe("s2", tab_b);
  relays.settle();
  auto offered = [](bool live) {
    AvailabilityChange change;
    change.online = live;
    return make_frame(ServerFrame{change});
  };

  relays.a.publish_to_all(offered(true));
  REQUIRE(run_until(io, [&] { return tab_b->frames.size() == 1; }));
  // B works out the same news on its own timer: nobody hears it twice.
  relays.b.publish_to_all(offered(true));
  run_for(io, std::chrono::milliseconds(100));
  CHECK(tab_a->frames.size() == 1);
  CHECK(tab_b->frames.size() == 1);
  // News that differs goes to every tab.
  relays.b.publish_to_all(offered(false));
  REQUIRE(run_until(io, [&] { return tab_a->frames.size() == 2; }));
  CHECK(tab_b->frames.size() == 2);
}

TEST_CASE("redis hub: after Redis restarts, every tab re-reads what it may have missed") {
  TwoRelays relays;
  auto& io = relays.io;
  auto& a = relays.a;
  auto& b = relays.b;
  auto& redis = relays.redis;
  auto tab_b = std::make_shared<RecordingTab>();
  b.subscribe("s1", tab_b);
  relays.settle();
  tab_b->resyncs = 0;

  redis.crash();
  REQUIRE(run_until(io, [&] { return !a.linked() && !b.linked(); }));
  // Published while nobody could hear it: lost on the link, so owed.
  a.publish("s1", message_frame(1, "while down"));
  CHECK(tab_b->frames.empty());

  redis.start();
  REQUIRE(run_until(io, [&] { return a.linked() && b.linked() && tab_b->resyncs > 0; }));
  // B re-subscribed (its tabs re-read) and A told everyone it lost frames.
  run_for(io, std::chrono::milliseconds(200));
  CHECK(tab_b->resyncs >= 1);
  CHECK(tab_b->resyncs <= 2);

  // And frames cross again.
  a.publish("s1", message_frame(2, "after"));
  REQUIRE(run_until(io, [&] { return !tab_b->frames.empty(); }));
  CHECK(text_of(tab_b->frames.back()) == "after");
}

TEST_CASE("redis hub: a setting changed on one relay is read again on the others, and all after a lost link") {
  TwoRelays relays;
  auto& io = relays.io;
  std::vector<std::string> read_on_a, read_on_b;
  relays.a.on_cluster_news({.setting_changed = [&](std::string_view key) { read_on_a.emplace_back(key); }});
  relays.b.on_cluster_news({.setting_changed = [&](std::string_view key) { read_on_b.emplace_back(key); }});
  relays.settle();
  read_on_a.clear();
  read_on_b.clear();

  relays.a.setting_changed("allowed_origins");
  REQUIRE(run_until(io, [&] { return !read_on_b.empty(); }));
  run_for(io, std::chrono::milliseconds(100));
  CHECK(read_on_b == std::vector<std::string>{"allowed_origins"});
  CHECK(read_on_a.empty());  // A put it in force itself

  // News lost with the link: once it is back, every setting is read again.
  relays.redis.crash();
  REQUIRE(run_until(io, [&] { return !relays.a.linked() && !relays.b.linked(); }));
  relays.a.setting_changed("hours");
  relays.redis.start();
  REQUIRE(run_until(io, [&] { return relays.b.linked() && read_on_b.size() > 1; }));
  CHECK(read_on_b.back().empty());
  CHECK(std::find(read_on_b.begin(), read_on_b.end(), "hours") == read_on_b.end());
}

TEST_CASE("redis hub: relays hear each other's heartbeats, work reaches its lane's relay, a silent one leaves") {
  TwoRelays relays;
  auto& io = relays.io;
  int changes_on_a = 0;
  std::vector<std::string> work_on_a, work_on_b;
  relays.a.on_cluster_news(
      {.work_for = [&](std::string_view r) { work_on_a.emplace_back(r); }, .members_changed = [&] { ++changes_on_a; }});
  relays.b.on_cluster_news({.work_for = [&](std::string_view r) { work_on_b.emplace_back(r); }});
  REQUIRE(run_until(
      io, [&] { return relays.a.relays() == 2 && relays.b.relays() == 2; }, std::chrono::seconds(5)));
  CHECK(changes_on_a >= 1);

  // A recipient whose lane B looks after, and one A does: both agree.
  std::string for_a, for_b;
  for (int n = 0; for_a.empty() || for_b.empty(); ++n) {
    auto r = "+1555000" + std::to_string(n);
    (relays.a.owns(r) ? for_a : for_b) = r;
  }
  CHECK(relays.b.owns(for_b));
  CHECK_FALSE(relays.b.owns(for_a));
  relays.a.work_for(for_b);
  relays.a.work_for(for_a);  // A's own lane: nobody else acts on it
  REQUIRE(run_until(io, [&] { return !work_on_b.empty(); }));
  run_for(io, std::chrono::milliseconds(100));
  CHECK(work_on_b == std::vector<std::string>{for_b});
  CHECK(work_on_a.empty());

  // B stops: A stops hearing it and looks after every lane again.
  relays.b.stop();
  REQUIRE(run_until(
      io, [&] { return relays.a.relays() == 1; }, std::chrono::seconds(6)));
  CHECK(relays.a.owns(for_b));
}

TEST_CASE("redis hub: while a console is open on one relay, the others' events reach it, but not their figures") {
  TwoRelays relays;
  auto& io = relays.io;
  struct Console : FeedListener {
    std::vector<std::string> lines;
    void on_feed(const FeedLine& line) override { lines.push_back(*line); }
  };
  auto console = std::make_shared<Console>();
  relays.feed_b.subscribe(console);
  // A passes its events on once it has heard that B has a console open.
  REQUIRE(run_until(
      io,
      [&] {
        relays.feed_a.emit("message", "probe", baton::JsonWriter(), 1);
        return !console->lines.empty();
      },
      std::chrono::seconds(5)));
  run_for(io, std::chrono::milliseconds(100));
  console->lines.clear();

  relays.feed_a.emit("figures", "", baton::JsonWriter(), 2);
  relays.feed_a.emit("state", "s1", {{"state", "live"}}, 3);
  relays.feed_b.emit("state", "s2", {{"state", "bot"}}, 4);
  run_for(io, std::chrono::milliseconds(200));
  auto count = [&](std::string_view needle) {
    return std::count_if(console->lines.begin(), console->lines.end(),
                         [&](const std::string& line) { return line.find(needle) != std::string::npos; });
  };
  CHECK(count(R"("session":"s1")") == 1);  // A's, passed on once
  CHECK(count(R"("session":"s2")") == 1);  // B's own, not echoed back
  CHECK(count(R"("type":"figures")") == 0);
}

TEST_CASE("redis hub: a server that refuses the password leaves the hub unlinked, and it says so") {
  test::RedisServer redis;
  boost::asio::io_context io;
  auto address = *RedisAddress::parse(redis.url());
  address.password = "wrong";
  AdminFeed feed;
  RedisHub hub(io.get_executor(), address, relay_id(1), feed);
  hub.start();
  run_for(io, std::chrono::milliseconds(500));
  CHECK_FALSE(hub.linked());
  // Publishing meanwhile is safe: the local tabs still get the frame.
  auto tab = std::make_shared<RecordingTab>();
  hub.subscribe("s1", tab);
  hub.publish("s1", message_frame(1, "local"));
  CHECK(tab->frames.size() == 1);
  hub.stop();
}

// Found on review: a Redis that stops answering without closing anything
// (its host gone, a network that drops everything) left the hub "linked"
// for good, its tabs getting nothing from the other relays and nothing
// telling them to re-read. Its own heartbeats no longer coming back is how
// it is found now.
TEST_CASE("redis hub: a Redis that goes silent without closing is found, and the tabs re-read once it answers") {
  TwoRelays relays;
  auto& io = relays.io;
  auto tab_b = std::make_shared<RecordingTab>();
  relays.b.subscribe("s1", tab_b);
  relays.settle();
  tab_b->resyncs = 0;

  relays.redis.freeze();
  REQUIRE(run_until(
      io, [&] { return !relays.a.linked() && !relays.b.linked(); }, std::chrono::seconds(8)));
  relays.a.publish("s1", message_frame(1, "while silent"));

  relays.redis.thaw();
  REQUIRE(run_until(
      io, [&] { return relays.a.linked() && relays.b.linked() && tab_b->resyncs > 0; }, std::chrono::seconds(10)));
  relays.a.publish("s1", message_frame(2, "after"));
  REQUIRE(run_until(io, [&] {
    return std::any_of(tab_b->frames.begin(), tab_b->frames.end(),
                       [](const SharedFrame& f) { return text_of(f) == "after"; });
  }));
}

// Found on review: Redis' publish and subscribe ignore the database number,
// so two clusters on one Redis, each in its own database, joined each other
// and shared out lanes with relays that could not see their rows.
TEST_CASE("redis hub: relays on two databases of one Redis are two clusters") {
  test::RedisServer redis;
  boost::asio::io_context io;
  auto zero = *RedisAddress::parse(redis.url());
  auto three = *RedisAddress::parse(redis.url() + "/3");
  REQUIRE(three.database == 3);
  AdminFeed feed_a, feed_b, feed_c;
  RedisHub a{io.get_executor(), zero, relay_id(1), feed_a};
  RedisHub b{io.get_executor(), three, relay_id(2), feed_b};
  RedisHub c{io.get_executor(), three, relay_id(3), feed_c};
  a.start();
  b.start();
  c.start();
  REQUIRE(run_until(io, [&] { return b.relays() == 2 && c.relays() == 2; }));
  run_for(io, std::chrono::milliseconds(1500));  // more than a heartbeat
  CHECK(a.relays() == 1);
  CHECK(b.relays() == 2);
  auto tab_a = std::make_shared<RecordingTab>();
  a.subscribe("s1", tab_a);
  b.publish("s1", message_frame(1, "for database 3"));
  run_for(io, std::chrono::milliseconds(200));
  CHECK(tab_a->frames.empty());
  a.stop();
  b.stop();
  c.stop();
}

// Found on review: nothing bounded a connection's start. A server that takes
// the connection and never answers (or an address that drops packets) held
// the attempt for good, or for the kernel's two minutes.
TEST_CASE("redis hub: a server that never answers the log-in is tried again after 5 s") {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor mute(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  std::vector<boost::asio::ip::tcp::socket> taken;
  std::function<void()> take = [&] {
    mute.async_accept([&](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
      if (ec) return;
      taken.push_back(std::move(socket));  // held open, never answered
      take();
    });
  };
  take();
  auto address = *RedisAddress::parse("redis://127.0.0.1:" + std::to_string(mute.local_endpoint().port()));
  AdminFeed feed;
  RedisHub hub(io.get_executor(), address, relay_id(1), feed);
  hub.start();
  // Each of the two connections once, then again once its 5 s are up.
  CHECK(run_until(
      io, [&] { return taken.size() >= 4; }, std::chrono::seconds(9)));
  CHECK_FALSE(hub.linked());
  hub.stop();
  mute.close();
  run_for(io, std::chrono::milliseconds(50));
}
