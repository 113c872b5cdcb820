// The visitor side of a conversation against a real SQLite database.

#include <doctest/doctest.h>
#include <optional>

#include <algorithm>
#include <span>

#include "common/utf8.hpp"
#include "relay/conversation/handoff/live.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/http/refusals.hpp"
#include "tests/support/store_fixture.hpp"

using baton::test::StoreFixture;

namespace {

constexpr std::int64_t t0 = 1'764'000'000'000;

baton::AgentDirectory two_agents() { return baton::AgentDirectory({{"Ana", "+15551230001"}, {"Ben", "+15551230002"}}); }

baton::CreatedSession open_session(StoreFixture& store, std::string name = "") {
  baton::CreatedSession created;
  baton::VisitorContext context;
  context.name = std::move(name);
  context.page_url = "https://shop.example/pricing";
  store.run(t0, [&](baton::SessionLog& log) {
    created = baton::create_session_tx(log, store.random(), context, "https://shop.example", "Assistant", "Hello!");
  });
  return created;
}

}  // namespace

TEST_CASE("session: opens with the assistant's greeting as entry 1") {
  StoreFixture store;
  auto created = open_session(store);
  CHECK(created.greeting.seq == 1);
  CHECK(created.greeting.author == baton::Author::bot);
  CHECK(created.greeting.text == "Hello!");
  auto stored = store.tx().sessions().find(created.session.id);
  REQUIRE(stored);
  CHECK(stored->state == baton::SessionState::bot);
  CHECK(stored->code.size() == 6);
  CHECK(stored->last_seq == 1);
  CHECK(stored->context.page_url == "https://shop.example/pricing");
  // Only the token's hash is stored.
  CHECK(stored->token_hash.size() == 64);
  CHECK(stored->token_hash.find(created.token) == std::string::npos);
  CHECK(store.tx().sessions().find_by_token_hash(stored->token_hash)->id == created.session.id);
}

namespace {

// Draws every reference code from zero bytes until `clashes` codes were
// drawn; everything else is seeded randomness.
class ClashingCodes final : public baton::RandomSource {
 public:
  ClashingCodes(std::uint64_t seed, int clashes) : seeded_(seed), clashes_(clashes) {}
  void fill(std::span<std::uint8_t> out) override {
    if (out.size() == 8 && clashes_ > 0) {  // a reference code's draw (reference_code.cpp)
      --clashes_;
      std::fill(out.begin(), out.end(), std::uint8_t{0});
      return;
    }
    seeded_.fill(out);
  }

 private:
  baton::test::SeededRandom seeded_;
  int clashes_;
};

}  // namespace

TEST_CASE("session: a reference code that clashes is drawn again, and the chat keeps one key") {
  // Found by 10,000 sessions in tools/bench: the chat's key was made again
  // for the second draw, and the two failed the batch's commit.
  StoreFixture store;
  baton::VisitorContext context;
  context.page_url = "https://shop.example/pricing";
  ClashingCodes first(1, 1), second(2, 1);
  baton::CreatedSession a, b;
  store.run(t0, [&](baton::SessionLog& log) {
    a = baton::create_session_tx(log, first, context, "https://shop.example", "Assistant", "Hello!");
  });
  store.run(t0 + 1, [&](baton::SessionLog& log) {
    b = baton::create_session_tx(log, second, context, "https://shop.example", "Assistant", "Hello!");
  });
  auto stored = store.tx().sessions().find(b.session.id);
  REQUIRE(stored);
  CHECK(stored->code != a.session.code);
  CHECK(stored->context.page_url == "https://shop.example/pricing");  // sealed and opened with the one key
  // The keys' table: a file of its own on SQLite, in the database on PostgreSQL.
  std::optional<baton::sqlite::Database> keys_file;
  if (!baton::test::testing_on_postgres()) {
    keys_file.emplace(store.dir() / "chat-keys.db", baton::sqlite::Database::Mode::read_only);
  }
  baton::sql::Connection& keys = keys_file ? *keys_file : store.db();
  auto& count = keys.prepare("SELECT count(*) FROM chat_keys");
  REQUIRE(count.step());
  CHECK(count.integer(0) == 2);
}

TEST_CASE("session: the greeting is in the widget's language, unless the site owner wrote one") {
  baton::Config config;
  CHECK(baton::greeting_for(config, baton::Lang::en) ==
        "Hi! I'm the virtual assistant. Ask me anything, or tap \"Talk to a live agent\".");
  CHECK(baton::greeting_for(config, baton::Lang::es) ==
        "¡Hola! Soy el asistente virtual. Pregúntame lo que quieras o pulsa \"Hablar con un agente\".");
  config.greeting = "Welcome to Pedal!";
  CHECK(baton::greeting_for(config, baton::Lang::es) == "Welcome to Pedal!");
  config.greetings[static_cast<std::size_t>(baton::Lang::es)] = "¡Bienvenido a Pedal!";
  CHECK(baton::greeting_for(config, baton::Lang::es) == "¡Bienvenido a Pedal!");
  CHECK(baton::greeting_for(config, baton::Lang::de) == "Welcome to Pedal!");
  auto parsed = baton::load_config({{"--greeting-ar", "أهلًا بك"}, {}});
  CHECK(baton::greeting_for(parsed, baton::Lang::ar) == "أهلًا بك");
  CHECK(parsed.assistant_name.empty());  // the widget names it in its language
}

TEST_CASE("session: a client id is stored once, sequence numbers are dense") {
  StoreFixture store;
  auto session = open_session(store).session;
  baton::PostedMessage first, again, second;
  auto effects = store.run(t0 + 1, [&](baton::SessionLog& log) {
    first = baton::post_visitor_message_tx(log, session.id, "cid-1", "hello");
  });
  store.run(t0 + 2, [&](baton::SessionLog& log) {
    again = baton::post_visitor_message_tx(log, session.id, "cid-1", "hello (resent)");
  });
  store.run(t0 + 3, [&](baton::SessionLog& log) {
    second = baton::post_visitor_message_tx(log, session.id, "cid-2", "second");
  });
  CHECK_FALSE(first.duplicate);
  CHECK(again.duplicate);
  CHECK(again.message == first.message);
  CHECK(first.message.seq == 2);
  CHECK(second.message.seq == 3);
  auto all = store.tx().messages().after(session.id, 0, 100);
  REQUIRE(all.size() == 3);
  CHECK(all[1].text == "hello");
  // In bot mode the assistant is asked, and the message is published.
  REQUIRE(effects.assistant_turns.size() == 1);
  CHECK(effects.assistant_turns[0].message.cid == "cid-1");
  CHECK(effects.frames.size() == 1);
  CHECK(effects.enqueue.empty());
}

TEST_CASE("session: posting to a missing session is a 404 and stores nothing") {
  StoreFixture store;
  try {
    store.run(t0, [&](baton::SessionLog& log) { baton::post_visitor_message_tx(log, "s_missing", "c", "x"); });
    FAIL("expected a refusal");
  } catch (const baton::Refused& failure) {
    CHECK(baton::http_status(failure.refusal().kind) == 404);
  }
}

TEST_CASE("handoff: the least busy agent gets the whole context on WhatsApp") {
  StoreFixture store;
  auto agents = two_agents();
  auto session = open_session(store, "Ana Souza").session;
  store.run(t0 + 1, [&](baton::SessionLog& log) {
    baton::post_visitor_message_tx(log, session.id, "c1", "Do you ship to Portugal?");
  });
  baton::HandoffState state;
  baton::HandoffRequest request;
  request.email = "ana@example.com";
  auto effects = store.run(
      t0 + 2, [&](baton::SessionLog& log) { state = baton::handoff_live_tx(log, session.id, request, agents); });
  CHECK(state.state == baton::SessionState::waiting);
  CHECK(state.code == session.code);
  // The context, then its Accept button for the same agent.
  REQUIRE(effects.enqueue.size() == 2);
  CHECK(effects.enqueue[1].kind == baton::OutboxKind::accept_button);
  CHECK(effects.enqueue[1].recipient == effects.enqueue[0].recipient);
  const auto& row = effects.enqueue[0];
  CHECK(row.purpose == baton::OutboxPurpose::handoff);
  CHECK(row.session_id == session.id);
  CHECK(row.body.find("#" + session.code) != std::string::npos);
  CHECK(row.body.find("Ana Souza") != std::string::npos);
  CHECK(row.body.find("ana@example.com") != std::string::npos);
  CHECK(row.body.find("Do you ship to Portugal?") != std::string::npos);
  CHECK(baton::utf8::length(row.body) <= 4096);
  auto stored = store.tx().sessions().find(session.id);
  CHECK(stored->agent_phone == row.recipient);
  CHECK(stored->context.email == "ana@example.com");
  // Plain replies from that agent will come to this chat.
  CHECK(store.tx().whatsapp().contact_by_phone(row.recipient)->last_session_id == session.id);

  // Asking again changes nothing.
  baton::HandoffState again;
  auto repeat = store.run(
      t0 + 3, [&](baton::SessionLog& log) { again = baton::handoff_live_tx(log, session.id, request, agents); });
  CHECK(again == state);
  CHECK(repeat.enqueue.empty());

  // The next chat goes to the other, less busy agent.
  auto other = open_session(store).session;
  baton::HandoffState second;
  store.run(t0 + 4, [&](baton::SessionLog& log) { second = baton::handoff_live_tx(log, other.id, {}, agents); });
  CHECK(second.agent_name != state.agent_name);
}

TEST_CASE("handoff: a long chat reaches the agent by its newest part, with an honest count of the rest") {
  StoreFixture store;
  auto agents = two_agents();
  auto session = open_session(store).session;
  store.run(t0 + 1, [&](baton::SessionLog& log) {
    for (int i = 1; i <= 600; ++i) {
      baton::post_visitor_message_tx(log, session.id, "c" + std::to_string(i), "question " + std::to_string(i));
    }
  });
  auto effects = store.run(t0 + 2,
                           [&](baton::SessionLog& log) { baton::handoff_live_tx(log, session.id, {}, agents); });
  // The context, then its Accept button for the same agent.
  REQUIRE(effects.enqueue.size() == 2);
  CHECK(effects.enqueue[1].kind == baton::OutboxKind::accept_button);
  CHECK(effects.enqueue[1].recipient == effects.enqueue[0].recipient);
  const auto& message = effects.enqueue[0].body;
  CHECK(baton::utf8::length(message) <= 4096);
  // The summary above names the first question; the transcript is below.
  CHECK(message.find("Asked first: question 1\n") != std::string::npos);
  auto body = message.substr(message.find("*Conversation*"));
  CHECK(body.find("question 600") != std::string::npos);
  CHECK(body.find("question 1\n") == std::string::npos);
  // 601 lines (greeting + 600); everything not shown is counted.
  auto note = body.find(" earlier messages not shown");
  REQUIRE(note != std::string::npos);
  auto start = body.rfind(' ', note - 1) + 1;
  auto omitted = std::stoul(body.substr(start, note - start));
  CHECK(omitted > 101);  // more than the 500 read from the database
  CHECK(omitted + 20 < 601);
  // Line i is "question i" (the greeting is line 0): the kept lines run from
  // line `omitted` to the newest, without a gap.
  CHECK(body.find("question " + std::to_string(omitted) + "\n") != std::string::npos);
  CHECK(body.find("question " + std::to_string(omitted - 1) + "\n") == std::string::npos);
}

TEST_CASE("handoff: visitor messages then go to the agent, tagged with the code") {
  StoreFixture store;
  auto agents = two_agents();
  auto session = open_session(store, "Ana").session;
  store.run(t0, [&](baton::SessionLog& log) { baton::handoff_live_tx(log, session.id, {}, agents); });
  auto effects = store.run(
      t0 + 1, [&](baton::SessionLog& log) { baton::post_visitor_message_tx(log, session.id, "c9", "are you there?"); });
  CHECK(effects.assistant_turns.empty());
  REQUIRE(effects.enqueue.size() == 1);
  CHECK(effects.enqueue[0].body == "#" + session.code + " Ana: are you there?");
  CHECK(effects.enqueue[0].purpose == baton::OutboxPurpose::relay);
  CHECK_FALSE(effects.enqueue[0].message_id.empty());
}

TEST_CASE("handoff: without agents it is refused with 409") {
  StoreFixture store;
  baton::AgentDirectory none({});
  auto session = open_session(store).session;
  try {
    store.run(t0, [&](baton::SessionLog& log) { baton::handoff_live_tx(log, session.id, {}, none); });
    FAIL("expected a refusal");
  } catch (const baton::Refused& failure) {
    CHECK(baton::http_status(failure.refusal().kind) == 409);
  }
  CHECK(store.tx().sessions().find(session.id)->state == baton::SessionState::bot);
}
