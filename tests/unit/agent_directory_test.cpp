// Who can take a chat, at an injected time: business hours (with a holiday
// and a daylight-saving change), presence, capacity and the 24-hour window.

#include <doctest/doctest.h>

#include <date/date.h>

#include <atomic>
#include <thread>

#include <boost/json/parse.hpp>

#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/agent_list.hpp"
#include "relay/conversation/handoff/live.hpp"
#include "relay/conversation/mail_transactions.hpp"
#include "relay/conversation/queue_positions.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "tests/support/store_fixture.hpp"

using namespace baton;
using baton::test::StoreFixture;

namespace {

std::int64_t utc(int y, unsigned m, unsigned d, int hh, int mm = 0) {
  auto t = date::sys_days{date::year{y} / date::month{m} / date::day{d}} + std::chrono::hours{hh} +
           std::chrono::minutes{mm};
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

const AgentConfig ana{"Ana", "+15551230001"};
const AgentConfig ben{"Ben", "+15551230002"};

void agent_wrote(StoreFixture& store, const AgentConfig& agent, std::int64_t at) {
  store.run(at, [&](SessionLog& log) {
    ContactRecord c;
    c.phone = agent.phone;
    c.name = agent.name;
    c.last_inbound_ms = at;
    log.tx().whatsapp().save_contact(c);
  });
}

std::string hand_off(StoreFixture& store, const AgentDirectory& agents, std::int64_t at) {
  CreatedSession created;
  std::string agent;
  store.run(at, [&](SessionLog& log) {
    created = create_session_tx(log, store.random(), {}, "https://shop.example", "Assistant", "Hi");
    HandoffRequest request;
    request.mode = HandoffMode::live;
    request.name = "Vera";
    agent = handoff_live_tx(log, created.session.id, request, agents, std::nullopt).agent_name;
  });
  return agent;
}

}  // namespace

TEST_CASE("agent directory: hours in Lisbon across the spring DST change and a holiday") {
  StoreFixture store;
  AgentDirectory agents({ana}, 3, BusinessHours::parse("weekdays 09:00-17:00", "Europe/Lisbon", "2026-04-03"));
  agent_wrote(store, ana, utc(2026, 3, 27, 8));
  // Friday 27 March, 09:30 Lisbon = 09:30 UTC (winter time).
  auto friday = agents.availability(store.tx(), utc(2026, 3, 27, 9, 30));
  CHECK(friday.within_hours);
  CHECK(friday.online);
  CHECK(friday.agents_online == 1);
  // Monday 30 March after the change: 08:30 UTC is 09:30 in Lisbon; the
  // window from Friday has closed, so Ana is reachable but not online.
  auto monday = agents.availability(store.tx(), utc(2026, 3, 30, 8, 30));
  CHECK(monday.within_hours);
  CHECK_FALSE(monday.online);
  CHECK(monday.live_offered);
  // 16:30 UTC on Monday is 17:30 in Lisbon: closed; next opening Tuesday 08:00 UTC.
  auto evening = agents.availability(store.tx(), utc(2026, 3, 30, 16, 30));
  CHECK_FALSE(evening.within_hours);
  CHECK_FALSE(evening.live_offered);
  CHECK(evening.next_open_ms == utc(2026, 3, 31, 8));
  // Good Friday, 3 April, is a holiday: Thursday evening opens next on Monday.
  CHECK(agents.availability(store.tx(), utc(2026, 4, 2, 18)).next_open_ms == utc(2026, 4, 6, 8));
  CHECK_FALSE(agents.choose(store.tx(), utc(2026, 4, 3, 10)));
}

TEST_CASE("agent directory: away agents and full agents get no chats, open windows first, ties take turns") {
  StoreFixture store;
  AgentDirectory agents({ana, ben}, 2);
  auto t = utc(2026, 12, 2, 10);
  agent_wrote(store, ben, t);  // only Ben's window is open
  CHECK(hand_off(store, agents, t) == "Ben");
  CHECK(hand_off(store, agents, t) == "Ben");  // Ana could only be reached by a template
  CHECK(hand_off(store, agents, t) == "Ana");  // Ben is full (capacity 2)
  agent_wrote(store, ana, t);
  store.run(t, [&](SessionLog& log) { log.tx().agents().save_presence({ana.phone, true, t}); });
  auto now = agents.availability(store.tx(), t);
  CHECK(now.agents_online == 1);  // Ben (full) is online; Ana is away
  CHECK_FALSE(now.live_offered);
  CHECK_THROWS(hand_off(store, agents, t));
  store.run(t, [&](SessionLog& log) { log.tx().agents().save_presence({ana.phone, false, t}); });
  CHECK(hand_off(store, agents, t) == "Ana");
}

TEST_CASE("agent directory: an agent's own capacity wins over the default, and a new list applies at once") {
  StoreFixture store;
  AgentDirectory agents({ana}, 1);
  auto t = utc(2026, 12, 2, 10);
  CHECK(hand_off(store, agents, t) == "Ana");
  CHECK_THROWS(hand_off(store, agents, t));  // full at the default, 1
  auto roomier = ana;
  roomier.capacity = 2;
  agents.set_agents({roomier, ben});
  CHECK(agents.statuses(store.tx(), t).at(0).capacity == 2);
  CHECK(agents.statuses(store.tx(), t).at(1).capacity == 1);
  CHECK(agents.find_by_name("BEN")->phone == ben.phone);
  agents.set_agents({});
  CHECK_FALSE(agents.find_by_phone(ana.phone));
  CHECK(agents.empty());
}

TEST_CASE("agent list: read from the admin page's JSON and written back unchanged") {
  auto read = agent_list_from_json(
      boost::json::parse(
          R"([{"name":"Ana","phone":"+1 555 123 0001","capacity":4,"photo":"https://shop.example/a.jpg"},)"
          R"({"name":"Ben","phone":"+15551230002","capacity":null}])"),
      "+15550001234");
  REQUIRE(std::holds_alternative<std::vector<AgentConfig>>(read));
  auto list = std::get<std::vector<AgentConfig>>(read);
  REQUIRE(list.size() == 2);
  CHECK(list[0] == AgentConfig{"Ana", "+15551230001", "https://shop.example/a.jpg", 4});
  CHECK(list[1] == AgentConfig{"Ben", "+15551230002", "", 0});
  auto again = agent_list_from_json(agent_list_to_json(list), "+15550001234");
  CHECK(std::get<std::vector<AgentConfig>>(again) == list);
  // The business's own number cannot be an agent's.
  auto own = agent_list_from_json(boost::json::parse(R"([{"name":"Ana","phone":"+15550001234"}])"), "15550001234");
  REQUIRE(std::holds_alternative<std::string>(own));
  CHECK(std::get<std::string>(own).find("business's own") != std::string::npos);
  std::string many = "[";
  for (int i = 0; i < 51; ++i)
    many += std::string(i ? "," : "") + R"({"name":"A)" + std::to_string(i) + R"(","phone":"+1555123)" +
            std::to_string(1000 + i) + R"("})";
  CHECK(std::get<std::string>(agent_list_from_json(boost::json::parse(many + "]"), "")) == "at most 50 agents");
}

TEST_CASE("queue positions: per agent, oldest first, the typical wait is the median of recent waits") {
  StoreFixture store;
  AgentDirectory agents({ana, ben}, 5);
  auto t = utc(2026, 12, 2, 10);
  agent_wrote(store, ana, t);
  agent_wrote(store, ben, t);
  store.run(t, [&](SessionLog& log) { log.tx().agents().save_presence({ben.phone, true, t}); });
  hand_off(store, agents, t);
  hand_off(store, agents, t + 1000);
  auto positions = queue_positions(store.tx());
  REQUIRE(positions.size() == 2);
  std::vector<std::uint32_t> ahead;
  for (const auto& [id, p] : positions) {
    ahead.push_back(p.ahead);
    CHECK(p.typical_wait_s == 0);  // no history yet
  }
  std::sort(ahead.begin(), ahead.end());
  CHECK(ahead == std::vector<std::uint32_t>{0, 1});
  store.run(t, [&](SessionLog& log) {
    for (std::int64_t ms : {60'000, 240'000, 120'000}) log.tx().queue().record_wait(ms, t);
  });
  for (const auto& [id, p] : queue_positions(store.tx())) CHECK(p.typical_wait_s == 120);
}

TEST_CASE("mail outbox: due mail oldest first, settled mail is pruned after its time, pending never") {
  StoreFixture store;
  CreatedSession created;
  store.run(1000, [&](SessionLog& log) {
    created = create_session_tx(log, store.random(), {}, "https://shop.example", "Assistant", "Hi");
  });
  std::int64_t sent_id = 0;
  store.run(2000, [&](SessionLog& log) {
    MailRecord m;
    m.session_id = created.session.id;
    m.purpose = "support";
    m.recipient = "team@pedal.example";
    m.message = "Subject: x\r\n\r\nbody\r\n";
    m.next_attempt_ms = 2000;
    m.created_ms = 2000;
    sent_id = log.tx().mail().insert(m);
    m.next_attempt_ms = 5000;
    log.tx().mail().insert(m);
  });
  CHECK(store.tx().mail().due(3000, 10).size() == 1);
  CHECK(store.tx().mail().due(6000, 10).size() == 2);
  store.run(3000, [&](SessionLog& log) { record_mail_attempt_tx(log, sent_id, SmtpResult{true, false, {}}); });
  CHECK(store.tx().mail().find(sent_id)->state == MailState::sent);
  CHECK(store.tx().mail().count_since("support", "team@pedal.example", 0) == 2);
  std::int64_t pruned = 0;
  store.run(10000, [&](SessionLog& log) { pruned = log.tx().mail().prune(9000); });
  CHECK(pruned == 1);  // the sent one; the pending one stays
  CHECK(store.tx().mail().recent(10).size() == 1);
}

TEST_CASE("queue history: only the newest waits are kept, and they make the typical wait") {
  StoreFixture store;
  store.run(1, [&](SessionLog& log) {
    for (std::int64_t i = 1; i <= 250; ++i) log.tx().queue().record_wait(i * 1000, i);
  });
  auto& db = store.db();
  auto& count = db.prepare("SELECT count(*), min(waited_ms) FROM wait_history");
  REQUIRE(count.step());
  CHECK(count.integer(0) == baton::sql::SqlQueueTable::kept_waits);
  CHECK(count.integer(1) == 51 * 1000);
  count.run();
  auto recent = store.tx().queue().recent_waits(3);
  CHECK(recent == std::vector<std::int64_t>{250000, 249000, 248000});
}

TEST_CASE("agent directory: a read on another thread keeps the list it reads while the loop replaces it") {
  // Store reads ask the directory on their own threads while the event loop
  // puts new lists in force (an admin's change, another relay's). Under the
  // sanitizers a loop that let go of its list mid-read is a use after free.
  AgentDirectory directory({ana, ben});
  std::atomic<bool> done = false;
  int misses = 0;
  std::thread reader([&] {
    while (!done) {
      if (!directory.find_by_name("Ben") || !directory.find_by_phone(ana.phone)) ++misses;
    }
  });
  for (int i = 0; i < 20000; ++i) directory.set_agents({ana, ben, AgentConfig{"Kim", "+1555123" + std::to_string(i)}});
  done = true;
  reader.join();
  CHECK(misses == 0);
  CHECK(directory.all().size() == 3);
}
