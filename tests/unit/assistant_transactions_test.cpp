// The assistant's replies in the store: dropped after a handoff, a second
// failure in a row becomes an offer of a person, and the agent's summary
// names the first question and what went unanswered.

#include <doctest/doctest.h>

#include "common/handoff_text.hpp"
#include "relay/conversation/assistant_transactions.hpp"
#include "relay/conversation/handoff/live.hpp"
#include "relay/conversation/handoff_gist.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "tests/support/store_fixture.hpp"

using baton::test::StoreFixture;

namespace {

constexpr std::int64_t t0 = 1'764'000'000'000;

std::string open_session(StoreFixture& store) {
  std::string id;
  store.run(t0, [&](baton::SessionLog& log) {
    id = baton::create_session_tx(log, store.random(), {}, "https://shop.example", "Assistant", "Hello!").session.id;
  });
  return id;
}

baton::Message ask(StoreFixture& store, const std::string& session, const std::string& cid, const std::string& text) {
  baton::Message m;
  store.run(t0, [&](baton::SessionLog& log) { m = baton::post_visitor_message_tx(log, session, cid, text).message; });
  return m;
}

// The assistant's reply to `question`, shaped and stored as the runner does.
baton::Effects reply(StoreFixture& store, const std::string& session, const baton::Message& question,
                     baton::AssistantReply answer) {
  return store.run(t0, [&](baton::SessionLog& log) {
    auto shaped = baton::shape_reply(answer, baton::unanswered_streak(log.tx(), session), baton::Lang::pt);
    shaped.question_seq = question.seq;
    shaped.draft_id = question.id;
    baton::post_assistant_reply_tx(log, session, "Assistant", shaped);
  });
}

}  // namespace

TEST_CASE("assistant: a reply is stored after its draft ends, dropped once a person was asked for") {
  StoreFixture store;
  auto session = open_session(store);
  auto q1 = ask(store, session, "c1", "Do you ship to Portugal?");
  auto effects = reply(store, session, q1, {"Yes, in 3 days.", true, "Do you ship?"});
  REQUIRE(effects.frames.size() == 2);
  // The draft ends before the stored answer appears, so no tab shows both.
  auto* ended = std::get_if<baton::AssistantDraft>(&effects.frames[0].second);
  REQUIRE(ended);
  CHECK(ended->draft_id == q1.id);
  CHECK(ended->phase == baton::AssistantDraft::Phase::ended);
  CHECK(std::get<baton::Message>(effects.frames[1].second).text == "Yes, in 3 days.");

  baton::AgentDirectory agents(std::vector<baton::AgentConfig>{{"Ana", "+15551230001"}});
  store.run(t0, [&](baton::SessionLog& log) { baton::handoff_live_tx(log, session, {}, agents); });
  auto q2 = ask(store, session, "c2", "and returns?");
  auto late = reply(store, session, q2, {"30 days.", true, "Returns"});
  REQUIRE(late.frames.size() == 1);  // only the draft's end
  CHECK(std::holds_alternative<baton::AssistantDraft>(late.frames[0].second));
  for (const auto& m : store.tx().messages().after(session, 0, 100)) CHECK(m.text != "30 days.");
}

TEST_CASE("assistant: two questions in a row without an answer become an offer of a person") {
  StoreFixture store;
  auto session = open_session(store);
  auto q1 = ask(store, session, "c1", "Can I pay in bitcoin?");
  reply(store, session, q1, {"not sure", false, ""});
  CHECK(baton::unanswered_streak(store.tx(), session) == 1);
  auto q2 = ask(store, session, "c2", "Do you sell skateboards?");
  auto effects = reply(store, session, q2, {"not sure", false, ""});
  const auto& offer = std::get<baton::Message>(effects.frames[1].second);
  CHECK(offer.kind == baton::MessageKind::handoff_offer);
  CHECK(offer.text.find("Uma pessoa") != std::string::npos);  // the visitor's language
  CHECK(baton::unanswered_streak(store.tx(), session) == 2);
  // An answer breaks the streak.
  auto q3 = ask(store, session, "c3", "Shipping to Spain?");
  reply(store, session, q3, {"Yes.", true, "Shipping"});
  CHECK(baton::unanswered_streak(store.tx(), session) == 0);
  // A repeated record for one question is ignored.
  store.run(t0, [&](baton::SessionLog& log) {
    log.tx().assistant().record({session, q3.seq, 99, baton::AssistantOutcome::unsure, "", t0});
  });
  CHECK(baton::unanswered_streak(store.tx(), session) == 0);
}

TEST_CASE("assistant: the agent reads first what was asked and what went unanswered") {
  StoreFixture store;
  auto session = open_session(store);
  auto q1 = ask(store, session, "c1", "How long does delivery to Porto take?");
  reply(store, session, q1, {"2-4 days.", true, "Delivery"});
  auto q2 = ask(store, session, "c2", "Can I pay with bitcoin?");
  reply(store, session, q2, {"not sure", false, ""});
  auto q3 = ask(store, session, "c3", "Is the Fold 20 ok for 1.95 m?");
  reply(store, session, q3, {"not sure", false, ""});

  auto gist = baton::extractive_gist(store.tx(), session);
  REQUIRE(gist.size() == 3);
  CHECK(gist[0] == "Asked first: How long does delivery to Porto take?");
  CHECK(gist[1] == "Not answered: Can I pay with bitcoin?");
  CHECK(gist[2] == "Not answered: Is the Fold 20 ok for 1.95 m?");

  baton::AgentDirectory agents(std::vector<baton::AgentConfig>{{"Ana", "+15551230001"}});
  baton::Effects effects = store.run(t0,
                                     [&](baton::SessionLog& log) { baton::handoff_live_tx(log, session, {}, agents); });
  // The context, then its Accept button for the same agent.
  REQUIRE(effects.enqueue.size() == 2);
  CHECK(effects.enqueue[1].kind == baton::OutboxKind::accept_button);
  CHECK(effects.enqueue[1].recipient == effects.enqueue[0].recipient);
  const auto& body = effects.enqueue[0].body;
  auto in_short = body.find("*In short*\n");
  REQUIRE(in_short != std::string::npos);
  CHECK(body.find("• Not answered: Can I pay with bitcoin?") > in_short);
  CHECK(body.find("*Conversation*") > body.find("• Asked first"));
}

TEST_CASE("assistant: a model's summary heads the agent's message when there is one") {
  StoreFixture store;
  auto session = open_session(store);
  ask(store, session, "c1", "I need a bike for two kids");
  baton::AgentDirectory agents(std::vector<baton::AgentConfig>{{"Ana", "+15551230001"}});
  auto effects = store.run(t0, [&](baton::SessionLog& log) {
    baton::handoff_live_tx(log, session, {}, agents,
                           std::string("- Wants a cargo bike for two children\n\n* Budget not given\n"));
  });
  const auto& body = effects.enqueue[0].body;
  CHECK(body.find("*In short* (written by the assistant's model)") != std::string::npos);
  CHECK(body.find("• Wants a cargo bike for two children\n• Budget not given\n") != std::string::npos);
  CHECK(body.find("Asked first") == std::string::npos);
  CHECK(baton::gist_lines("  \n- a\n•b\n").size() == 2);
}
