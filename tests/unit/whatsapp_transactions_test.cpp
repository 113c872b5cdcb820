// Webhooks and outbox outcomes applied to a real SQLite database: routing of
// agents' replies, de-duplication, statuses that only move forward, the
// 24-hour window, failures that the visitor gets to see.

#include <doctest/doctest.h>

#include <algorithm>

#include "relay/conversation/delivery_transactions.hpp"
#include "relay/conversation/handoff/live.hpp"
#include "relay/conversation/handoff/whatsapp.hpp"
#include "relay/conversation/inbound_transactions.hpp"
#include "relay/conversation/privacy.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "tests/support/inbound_text.hpp"
#include "tests/support/store_fixture.hpp"

using baton::test::StoreFixture;

namespace {

constexpr std::int64_t t0 = 1'764'000'000'000;
const std::string ana_phone = "+15551230001";
const std::string visitor_phone = "+351912345678";

struct World {
  StoreFixture store;
  baton::AgentDirectory agents{{{"Ana", ana_phone}}};
  int next_wamid = 1;
  int next_cid = 1;

  std::string open_and_hand_off(std::int64_t at = t0) {
    baton::CreatedSession created;
    store.run(at, [&](baton::SessionLog& log) {
      baton::VisitorContext context;
      context.name = "Visitor V";
      created = baton::create_session_tx(log, store.random(), context, "", "Assistant", "Hello!");
      baton::handoff_live_tx(log, created.session.id, {}, agents);
    });
    return created.session.id;
  }

  baton::InboundMessage from_agent(std::string text, std::string context_id = "") {
    auto m = baton::test::inbound_text("wamid.IN" + std::to_string(next_wamid++), ana_phone, "Ana Agent",
                                       std::move(text), t0);
    m.context_id = std::move(context_id);
    return m;
  }

  // The handoff message to Ana, delivered: its WhatsApp id, to reply to.
  std::string delivered_handoff() {
    auto handoff = open_row(baton::OutboxPurpose::handoff);
    REQUIRE(handoff);
    return deliver(handoff->id);
  }

  baton::Effects webhook(const baton::WebhookBatch& batch, std::int64_t at = t0 + 1000,
                         baton::WebhookTally* tally = nullptr) {
    return store.run(at, [&](baton::SessionLog& log) {
      auto counted = baton::apply_webhook_tx(log, batch, agents);
      if (tally) *tally = counted;
    });
  }

  baton::Effects say(const baton::InboundMessage& m, std::int64_t at = t0 + 1000) {
    baton::WebhookBatch batch;
    batch.messages.push_back(m);
    return webhook(batch, at);
  }

  baton::Effects status(std::string wamid, std::string state, std::string callback = "", std::int64_t code = 0) {
    baton::StatusUpdate s;
    s.wamid = std::move(wamid);
    s.status = std::move(state);
    s.callback_data = std::move(callback);
    s.recipient_id = "15551230001";
    if (code != 0) s.errors.push_back({code, "Title " + std::to_string(code), "", "details"});
    baton::WebhookBatch batch;
    batch.statuses.push_back(s);
    return webhook(batch);
  }

  // The visitor asks to continue on WhatsApp (their number joins when it writes).
  void continue_on_whatsapp(const std::string& session) {
    store.run(t0 + 100, [&](baton::SessionLog& log) {
      baton::HandoffRequest request;
      request.mode = baton::HandoffMode::whatsapp;
      request.phone = visitor_phone;
      request.consent = true;
      baton::handoff_whatsapp_tx(log, session, request, agents, std::nullopt);
    });
  }

  baton::InboundMessage from_visitor(std::string text) {
    auto m = from_agent(std::move(text));
    m.from = visitor_phone;
    m.profile_name = "Visitor";
    return m;
  }

  // Claims and accepts an outbox row as the worker would.
  std::string deliver(std::int64_t outbox_id, std::int64_t at = t0 + 2000, std::string wamid = "") {
    if (wamid.empty()) wamid = "wamid.OUT" + std::to_string(outbox_id);
    store.run(at, [&](baton::SessionLog& log) {
      auto claim = baton::claim_send_tx(log, outbox_id, baton::DeliveryPolicy{});
      REQUIRE(claim.send);
      baton::SendOutcome accepted;
      accepted.kind = baton::SendOutcome::Kind::accepted;
      accepted.wamid = wamid;
      baton::record_send_outcome_tx(log, outbox_id, accepted, baton::DeliveryPolicy{}, 0.5);
    });
    return wamid;
  }

  // As if the agent had written to the business just before `at`.
  void open_window(std::int64_t at = t0) {
    store.run(at, [&](baton::SessionLog& log) {
      auto contact = log.tx().whatsapp().contact_by_phone(ana_phone).value_or(
          baton::ContactRecord{ana_phone, {}, {}, 0, {}});
      contact.last_inbound_ms = at;
      log.tx().whatsapp().save_contact(contact);
    });
  }

  // The visitor writes in the widget; the copy for the agent is queued.
  baton::PostedMessage visitor_writes(const std::string& session, std::string text = "question") {
    baton::PostedMessage posted;
    store.run(t0 + 5, [&](baton::SessionLog& log) {
      posted = baton::post_visitor_message_tx(log, session, "c" + std::to_string(next_cid++), text);
    });
    return posted;
  }

  std::optional<baton::OutboxRecord> open_row(baton::OutboxPurpose purpose) {
    for (const auto& row : store.tx().outbox().open()) {
      if (row.purpose == purpose) return row;
    }
    return std::nullopt;
  }

  std::vector<baton::Message> log_of(const std::string& session_id) {
    return store.tx().messages().after(session_id, 0, 500);
  }
};

}  // namespace

TEST_CASE("inbound: an agent's reaction is kept on the visitor's message it reacts to, and can be taken back") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto handoff_wamid = w.delivered_handoff();
  w.say(w.from_agent("Hi, I'm Ana.", handoff_wamid), t0 + 1000);
  baton::PostedMessage posted;
  w.store.run(t0 + 1100,
              [&](baton::SessionLog& log) { posted = baton::post_visitor_message_tx(log, session, "c1", "Thanks!"); });
  auto copy = w.open_row(baton::OutboxPurpose::relay);
  REQUIRE(copy);
  auto copy_wamid = w.deliver(copy->id, t0 + 1200);

  auto reaction = w.from_agent("");
  reaction.type = "reaction";
  reaction.kind = baton::MessageKind::reaction;
  reaction.context_id = copy_wamid;
  reaction.label = baton::VisitorText::reaction;
  reaction.label_value = "👍";
  w.say(reaction, t0 + 1300);
  auto entries = w.log_of(session);
  CHECK(entries.back().kind == baton::MessageKind::reaction);
  CHECK(entries.back().about == posted.message.id);  // stored, and read back
  CHECK(entries.back().text == "👍");

  // Taken back: an empty reaction about the same message.
  auto undo = reaction;
  undo.wamid = "wamid.UNDO";
  undo.label = baton::VisitorText::reaction_removed;
  undo.label_value.clear();
  w.say(undo, t0 + 1400);
  entries = w.log_of(session);
  CHECK(entries.back().about == posted.message.id);
  CHECK(entries.back().text.empty());

  // A reaction to something that is not this chat's stays a line of its own.
  auto stray = reaction;
  stray.wamid = "wamid.STRAY";
  stray.context_id = "wamid.UNKNOWN";
  w.say(stray, t0 + 1500);
  entries = w.log_of(session);
  CHECK(entries.back().about.empty());
  CHECK(entries.back().text.find("👍") != std::string::npos);
}

TEST_CASE("inbound: an agent's quoted reply goes to that chat and the agent joins") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto handoff_wamid = w.delivered_handoff();

  auto effects = w.say(w.from_agent("Hi, I'm Ana. How can I help?", handoff_wamid));
  auto log = w.log_of(session);
  REQUIRE(log.size() == 4);  // greeting, handoff note, agent joined, reply
  CHECK(log[2].kind == baton::MessageKind::agent_joined);
  CHECK(log[3].author == baton::Author::agent);
  CHECK(log[3].author_name == "Ana");
  CHECK(log[3].text == "Hi, I'm Ana. How can I help?");
  CHECK(w.store.tx().sessions().find(session)->state == baton::SessionState::live);
  bool state_published = false;
  for (const auto& [id, frame] : effects.frames) {
    if (std::holds_alternative<baton::StateChange>(frame)) state_published = true;
  }
  CHECK(state_published);
}

TEST_CASE("inbound: #CODE picks the chat, a plain message goes to the most recent one") {
  World w;
  w.open_window();
  auto first = w.open_and_hand_off();
  auto second = w.open_and_hand_off(t0 + 10);
  auto first_code = w.store.tx().sessions().find(first)->code;

  w.say(w.from_agent("#" + first_code + " answer for the first"));
  CHECK(w.log_of(first).back().text == "answer for the first");
  // Writing to a chat makes it the agent's most recent one.
  w.say(w.from_agent("plain follow-up"));
  CHECK(w.log_of(first).back().text == "plain follow-up");
  w.say(w.from_agent("#" + w.store.tx().sessions().find(second)->code));  // a code alone: joins, says nothing
  CHECK(w.log_of(second).back().kind == baton::MessageKind::agent_joined);
  w.say(w.from_agent("now the second"));
  CHECK(w.log_of(second).back().text == "now the second");
}

TEST_CASE("inbound: messages no chat can take get an answer on WhatsApp") {
  World w;
  baton::WebhookTally tally;
  baton::WebhookBatch batch;
  batch.messages.push_back(w.from_agent("hello?"));
  auto effects = w.webhook(batch, t0 + 1000, &tally);
  CHECK(tally.unrouted_messages == 1);
  REQUIRE(effects.enqueue.size() == 1);
  CHECK(effects.enqueue[0].purpose == baton::OutboxPurpose::notice);
  CHECK(effects.enqueue[0].body.find("no open chat") != std::string::npos);

  auto unknown = w.say(w.from_agent("#ZZZZZZ are you there"));
  REQUIRE(unknown.enqueue.size() == 1);
  CHECK(unknown.enqueue[0].body.find("no chat #ZZZZZZ") != std::string::npos);
}

TEST_CASE("inbound: a repeated wamid changes nothing") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto reply = w.from_agent("only once");
  baton::WebhookBatch batch;
  batch.messages = {reply, reply};
  baton::WebhookTally tally;
  w.webhook(batch, t0 + 1000, &tally);
  auto again = w.say(reply);
  CHECK(tally.messages == 1);
  CHECK(tally.duplicate_messages == 1);
  CHECK(again.frames.empty());
  int copies = 0;
  for (const auto& m : w.log_of(session)) copies += m.text == "only once" ? 1 : 0;
  CHECK(copies == 1);
}

TEST_CASE("statuses: only forward, each once, and a late 'sent' settles a lost answer") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto posted = w.visitor_writes(session);
  auto relay_row = w.open_row(baton::OutboxPurpose::relay);
  REQUIRE(relay_row);
  // The call went out and its answer was lost: the row stays in flight.
  w.store.run(t0 + 6, [&](baton::SessionLog& log) {
    auto claim = baton::claim_send_tx(log, relay_row->id, baton::DeliveryPolicy{});
    REQUIRE(claim.send);
    baton::SendOutcome lost;
    lost.kind = baton::SendOutcome::Kind::in_doubt;
    baton::record_send_outcome_tx(log, relay_row->id, lost, baton::DeliveryPolicy{}, 0.5);
  });
  CHECK(w.store.tx().outbox().find(relay_row->id)->state == baton::OutboxState::in_flight);

  // Meta's status names the row through the callback data.
  auto settled = w.status("wamid.LATE", "sent", "baton:" + std::to_string(relay_row->id));
  auto row = w.store.tx().outbox().find(relay_row->id);
  CHECK(row->state == baton::OutboxState::sent);
  CHECK(row->wamid == "wamid.LATE");
  CHECK(std::find(settled.finished.begin(), settled.finished.end(), relay_row->id) != settled.finished.end());

  w.status("wamid.LATE", "read");
  auto delivered_late = w.status("wamid.LATE", "delivered");
  CHECK(delivered_late.frames.empty());
  auto duplicate = w.status("wamid.LATE", "read");
  CHECK(duplicate.frames.empty());
  auto message = w.store.tx().messages().find(session, posted.message.id);
  CHECK(message->status == baton::MessageStatus::read);
}

// Found on review: a call answered 5xx goes back in line, but Meta may have
// taken it; its `sent` status, naming the row by its callback data, settled
// nothing, and the message was sent again.
TEST_CASE("statuses: a status for a call answered 5xx settles the row instead of a second send") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  w.visitor_writes(session);
  auto relay_row = w.open_row(baton::OutboxPurpose::relay);
  REQUIRE(relay_row);
  w.store.run(t0 + 6, [&](baton::SessionLog& log) {
    REQUIRE(baton::claim_send_tx(log, relay_row->id, baton::DeliveryPolicy{}).send);
    baton::SendOutcome failed;
    failed.kind = baton::SendOutcome::Kind::retry;
    failed.description = "HTTP 500";
    baton::record_send_outcome_tx(log, relay_row->id, failed, baton::DeliveryPolicy{}, 0.5);
  });
  REQUIRE(w.store.tx().outbox().find(relay_row->id)->state == baton::OutboxState::pending);
  auto settled = w.status("wamid.TAKEN", "sent", "baton:" + std::to_string(relay_row->id));
  auto row = w.store.tx().outbox().find(relay_row->id);
  CHECK(row->state == baton::OutboxState::sent);
  CHECK(row->wamid == "wamid.TAKEN");
  CHECK(std::find(settled.finished.begin(), settled.finished.end(), relay_row->id) != settled.finished.end());
  // Its next turn finds nothing to send.
  baton::SendClaim again;
  w.store.run(t0 + 60'000, [&](baton::SessionLog& log) {
    again = baton::claim_send_tx(log, relay_row->id, baton::DeliveryPolicy{});
  });
  CHECK_FALSE(again.send);
}

TEST_CASE("window: 131047 parks the message, one template asks the agent to reply, a reply releases it") {
  World w;
  auto session = w.open_and_hand_off();  // the agent never wrote: window closed
  auto handoff = w.open_row(baton::OutboxPurpose::handoff);
  REQUIRE(handoff);
  baton::SendClaim claim;
  auto parked = w.store.run(
      t0 + 1, [&](baton::SessionLog& log) { claim = baton::claim_send_tx(log, handoff->id, baton::DeliveryPolicy{}); });
  CHECK_FALSE(claim.send);
  CHECK(w.store.tx().outbox().find(handoff->id)->state == baton::OutboxState::awaiting_window);
  REQUIRE(parked.enqueue.size() == 1);
  CHECK(parked.enqueue[0].kind == baton::OutboxKind::template_message);
  CHECK(parked.enqueue[0].body == "chat #" + w.store.tx().sessions().find(session)->code);
  CHECK(parked.hold == std::vector<std::string>{ana_phone});

  // A second message while waiting does not send a second template.
  w.store.run(t0 + 2, [&](baton::SessionLog& log) { baton::post_visitor_message_tx(log, session, "c2", "hello?"); });
  auto relay = w.open_row(baton::OutboxPurpose::relay);
  REQUIRE(relay);
  auto second = w.store.run(
      t0 + 3, [&](baton::SessionLog& log) { baton::claim_send_tx(log, relay->id, baton::DeliveryPolicy{}); });
  CHECK(second.enqueue.empty());

  // The template is delivered and the agent answers it: everything parked goes out,
  // and what the agent wrote to reopen the window is not shown to the visitor.
  auto template_wamid = w.deliver(parked.enqueue[0].id, t0 + 4);
  auto reply = w.say(w.from_agent("ok, show me", template_wamid), t0 + 5000);
  CHECK(reply.release == std::vector<std::string>{ana_phone});
  CHECK(reply.enqueue.size() == 2);
  CHECK(w.store.tx().outbox().find(handoff->id)->state == baton::OutboxState::pending);
  for (const auto& m : w.log_of(session)) CHECK(m.text != "ok, show me");
}

TEST_CASE("window: a failed status with 131047 parks an already accepted message") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto handoff = w.open_row(baton::OutboxPurpose::handoff);
  auto wamid = w.deliver(handoff->id);
  auto effects = w.status(wamid, "failed", "baton:" + std::to_string(handoff->id), 131047);
  CHECK(w.store.tx().outbox().find(handoff->id)->state == baton::OutboxState::awaiting_window);
  REQUIRE(effects.enqueue.size() == 1);
  CHECK(effects.enqueue[0].purpose == baton::OutboxPurpose::reconnect);
  (void)session;

  // Found on review: the parked row kept the failed message's wamid, so
  // when it was sent again and that call's answer was lost, the status that
  // named the row by its callback data was ignored, and it went twice.
  CHECK(w.store.tx().outbox().find(handoff->id)->wamid.empty());
  auto template_wamid = w.deliver(effects.enqueue[0].id, t0 + 4);
  w.say(w.from_agent("ok, send it", template_wamid), t0 + 5000);
  REQUIRE(w.store.tx().outbox().find(handoff->id)->state == baton::OutboxState::pending);
  w.store.run(t0 + 6000, [&](baton::SessionLog& log) {
    REQUIRE(baton::claim_send_tx(log, handoff->id, baton::DeliveryPolicy{}).send);
    baton::SendOutcome lost;
    lost.kind = baton::SendOutcome::Kind::in_doubt;
    baton::record_send_outcome_tx(log, handoff->id, lost, baton::DeliveryPolicy{}, 0.5);
  });
  w.status("wamid.AGAIN", "sent", "baton:" + std::to_string(handoff->id));
  auto row = w.store.tx().outbox().find(handoff->id);
  CHECK(row->state == baton::OutboxState::sent);
  CHECK(row->wamid == "wamid.AGAIN");
}

TEST_CASE("failures: a permanent error is shown in the chat and marks the message failed") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto posted = w.visitor_writes(session);
  auto relay = w.open_row(baton::OutboxPurpose::relay);
  auto wamid = w.deliver(relay->id);
  w.status(wamid, "failed", "", 131026);
  auto log = w.log_of(session);
  CHECK(log.back().kind == baton::MessageKind::delivery_failed);
  CHECK(log.back().text.find("131026") != std::string::npos);
  CHECK(w.store.tx().messages().find(session, posted.message.id)->status == baton::MessageStatus::failed);
  CHECK(w.store.tx().outbox().find(relay->id)->state == baton::OutboxState::failed);
}

TEST_CASE("outcomes: transient errors back off, lost answers wait, attempts run out") {
  World w;
  w.open_window();
  w.open_and_hand_off();
  auto row = w.open_row(baton::OutboxPurpose::handoff);
  baton::DeliveryPolicy policy;
  policy.max_attempts = 3;
  policy.in_doubt_grace_ms = 30000;
  auto attempt = [&](baton::SendOutcome::Kind kind, std::int64_t at) {
    return w.store.run(at, [&](baton::SessionLog& log) {
      auto claim = baton::claim_send_tx(log, row->id, policy);
      REQUIRE(claim.send);
      baton::SendOutcome outcome;
      outcome.kind = kind;
      outcome.code = 131000;
      outcome.description = "(#131000) Something went wrong";
      baton::record_send_outcome_tx(log, row->id, outcome, policy, 0.0);
    });
  };
  auto first = attempt(baton::SendOutcome::Kind::retry, t0 + 1000);
  REQUIRE(first.retry.size() == 1);
  CHECK(first.retry[0].second == t0 + 1000 + 500);
  CHECK(w.store.tx().outbox().find(row->id)->state == baton::OutboxState::pending);
  auto second = attempt(baton::SendOutcome::Kind::in_doubt, t0 + 2000);
  CHECK(second.retry[0].second == t0 + 2000 + 30000);
  CHECK(w.store.tx().outbox().find(row->id)->state == baton::OutboxState::in_flight);
  attempt(baton::SendOutcome::Kind::throttled, t0 + 40000);
  auto stored = w.store.tx().outbox().find(row->id);
  CHECK(stored->state == baton::OutboxState::failed);
  CHECK(stored->attempts == 3);
  CHECK(stored->last_error.find("gave up after 3 attempts") != std::string::npos);
}

// Found on review: a lost answer on the last attempt failed the message at
// once, telling the visitor "not delivered" about a message Meta most
// likely took, and the status that came later settled nothing.
TEST_CASE("outcomes: a lost answer on the last attempt waits its grace period, for a status or to fail") {
  baton::DeliveryPolicy policy;
  policy.max_attempts = 1;
  policy.in_doubt_grace_ms = 30000;
  auto lose_the_answer = [&](World& w, std::int64_t row) {
    return w.store.run(t0 + 1000, [&](baton::SessionLog& log) {
      REQUIRE(baton::claim_send_tx(log, row, policy).send);
      baton::SendOutcome lost;
      lost.kind = baton::SendOutcome::Kind::in_doubt;
      lost.description = "no answer: timeout";
      baton::record_send_outcome_tx(log, row, lost, policy, 0.5);
    });
  };
  SUBCASE("a status names it: sent") {
    World w;
    w.open_window();
    w.open_and_hand_off();
    auto row = w.open_row(baton::OutboxPurpose::handoff);
    auto effects = lose_the_answer(w, row->id);
    CHECK(w.store.tx().outbox().find(row->id)->state == baton::OutboxState::in_flight);
    REQUIRE(effects.retry.size() == 1);
    CHECK(effects.retry[0].second == t0 + 1000 + 30000);
    w.status("wamid.TOOK", "sent", "baton:" + std::to_string(row->id));
    CHECK(w.store.tx().outbox().find(row->id)->state == baton::OutboxState::sent);
  }
  SUBCASE("no status within the grace period: it fails, and is not sent again") {
    World w;
    w.open_window();
    auto session = w.open_and_hand_off();
    auto row = w.open_row(baton::OutboxPurpose::handoff);
    lose_the_answer(w, row->id);
    w.store.run(t0 + 1000 + 30000,
                [&](baton::SessionLog& log) { CHECK_FALSE(baton::claim_send_tx(log, row->id, policy).send); });
    auto stored = w.store.tx().outbox().find(row->id);
    CHECK(stored->state == baton::OutboxState::failed);
    CHECK(stored->last_error.find("gave up after 1 attempts") != std::string::npos);
    auto log = w.log_of(session);
    CHECK(std::any_of(log.begin(), log.end(),
                      [](const auto& m) { return m.kind == baton::MessageKind::delivery_failed; }));
  }
}

// Found on review: with relays sharing the store, a claim lasted only the
// grace period, but a file's upload may take minutes. Another relay then
// took the row over while the first relay's call was still out, and both
// sent it.
TEST_CASE("claims: with a shared store a claim lasts the longest call, then the grace period") {
  baton::Config config;
  config.graph_timeout_ms = 15000;
  config.in_doubt_grace_ms = 30000;
  auto alone = baton::delivery_policy(config);
  CHECK(alone.longest_send_ms == 0);  // one relay knows its own calls
  config.store = "postgres://cluster";
  auto shared = baton::delivery_policy(config);
  CHECK(shared.longest_send_ms == 30000);                        // connecting, then the exchange
  CHECK(shared.longest_file_send_ms == 15000 + 420000 + 30000);  // the upload, then the message

  World w;
  w.open_window();
  w.open_and_hand_off();
  auto row = w.open_row(baton::OutboxPurpose::handoff);
  w.store.run(t0 + 1000, [&](baton::SessionLog& log) { REQUIRE(baton::claim_send_tx(log, row->id, shared).send); });
  CHECK(w.store.tx().outbox().find(row->id)->next_attempt_ms == t0 + 1000 + 30000 + 30000);
  // Another relay looking before then finds it busy until then.
  w.store.run(t0 + 1000 + 45000, [&](baton::SessionLog& log) {
    auto claim = baton::claim_send_tx(log, row->id, shared);
    CHECK_FALSE(claim.send);
    CHECK(claim.busy_until_ms == t0 + 1000 + 60000);
  });
}

// Found on review: a chat erased while its message's call was out left the
// row's lane in flight for good, and after --graph-connections of them the
// relay sent nothing to anyone.
TEST_CASE("outcomes: the answer to a call whose chat was erased meanwhile frees its lane") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto row = w.open_row(baton::OutboxPurpose::handoff);
  REQUIRE(row);
  w.store.run(t0 + 1000, [&](baton::SessionLog& log) {
    REQUIRE(baton::claim_send_tx(log, row->id, baton::DeliveryPolicy{}).send);
  });
  w.store.run(t0 + 1500, [&](baton::SessionLog& log) {
    CHECK(baton::erase_visitor_tx(log, {.session_id = session}).size() == 1);
  });
  REQUIRE_FALSE(w.store.tx().outbox().find(row->id));
  auto effects = w.store.run(t0 + 2000, [&](baton::SessionLog& log) {
    baton::SendOutcome accepted;
    accepted.kind = baton::SendOutcome::Kind::accepted;
    accepted.wamid = "wamid.GONE";
    baton::record_send_outcome_tx(log, row->id, accepted, baton::DeliveryPolicy{}, 0.5);
  });
  CHECK(effects.finished == std::vector<std::int64_t>{row->id});
}

// Found on review: erasing a chat told nobody. Its agent kept writing into
// nothing (their replies were dropped without a word), and an agent with a
// call booked in it might phone someone who asked to be forgotten.
TEST_CASE("privacy: an erased chat's agent is told, and what they write to it after is answered, not dropped") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto code = w.store.tx().sessions().find(session)->code;
  auto handoff = w.delivered_handoff();
  w.say(w.from_agent("hello, Ana here", handoff));  // Ana takes the chat
  REQUIRE(w.store.tx().sessions().find(session)->state == baton::SessionState::live);

  w.store.run(t0 + 5000, [&](baton::SessionLog& log) {
    CHECK(baton::erase_visitor_tx(log, {.session_id = session}).size() == 1);
  });
  auto notices = w.store.tx().outbox().open();
  REQUIRE(notices.size() == 1);
  CHECK(notices[0].recipient == ana_phone);
  CHECK(notices[0].session_id.empty());
  CHECK(notices[0].body ==
        "The visitor of chat #" + code + " deleted the conversation. Nothing more can be sent in it.");

  // She writes on, as a reply to her last message in it: told, not swallowed.
  w.store.run(t0 + 6000, [&](baton::SessionLog& log) {
    for (auto& row : log.tx().outbox().open()) {
      row.state = baton::OutboxState::sent;
      log.tx().outbox().update(row);
    }
  });
  baton::WebhookTally tally;
  baton::WebhookBatch batch;
  batch.messages.push_back(w.from_agent("are you still there?", handoff));
  w.webhook(batch, t0 + 7000, &tally);
  CHECK(tally.unrouted_messages == 1);
  auto answers = w.store.tx().outbox().open();
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].recipient == ana_phone);
  CHECK(answers[0].body == "That chat was deleted. Nothing was sent.");
}

TEST_CASE("outcomes: if the reconnect template fails for good, what waited for it fails too") {
  World w;
  auto session = w.open_and_hand_off();
  auto handoff = w.open_row(baton::OutboxPurpose::handoff);
  auto parked = w.store.run(
      t0 + 1, [&](baton::SessionLog& log) { baton::claim_send_tx(log, handoff->id, baton::DeliveryPolicy{}); });
  auto template_id = parked.enqueue.at(0).id;
  w.store.run(t0 + 2, [&](baton::SessionLog& log) {
    REQUIRE(baton::claim_send_tx(log, template_id, baton::DeliveryPolicy{}).send);
    baton::SendOutcome missing;
    missing.kind = baton::SendOutcome::Kind::permanent;
    missing.code = 132001;
    missing.description = "(#132001) Template name does not exist in the translation";
    baton::record_send_outcome_tx(log, template_id, missing, baton::DeliveryPolicy{}, 0.5);
  });
  CHECK(w.store.tx().outbox().find(handoff->id)->state == baton::OutboxState::failed);
  // The visitor is told, and offered the other ways at once.
  auto log = w.log_of(session);
  REQUIRE(log.size() >= 2);
  CHECK(log[log.size() - 2].kind == baton::MessageKind::delivery_failed);
  CHECK(log.back().kind == baton::MessageKind::handoff_offer);
}

TEST_CASE("window: a stranger whose answer finds the window closed is never sent the agents' template") {
  World w;
  // Someone else's chat code: the answer says it is not theirs.
  auto session = w.open_and_hand_off();
  auto stranger = w.from_agent("#" + w.store.tx().sessions().find(session)->code + " hello?");
  stranger.from = "+15559990000";
  stranger.profile_name = "Someone";
  auto effects = w.say(stranger);
  REQUIRE(effects.enqueue.size() == 1);
  CHECK(effects.enqueue[0].purpose == baton::OutboxPurpose::sender_reply);
  CHECK(effects.enqueue[0].recipient == "+15559990000");
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto row = w.open_row(baton::OutboxPurpose::sender_reply);
    REQUIRE(row);
    auto outcome = w.store.run(t0 + 2000 + attempt, [&](baton::SessionLog& log) {
      auto claim = baton::claim_send_tx(log, row->id, baton::DeliveryPolicy{});
      if (!claim.send) return;
      baton::SendOutcome closed;
      closed.kind = baton::SendOutcome::Kind::window_closed;
      closed.code = 131047;
      baton::record_send_outcome_tx(log, row->id, closed, baton::DeliveryPolicy{}, 0.5);
    });
    for (const auto& queued : outcome.enqueue) CHECK(queued.purpose != baton::OutboxPurpose::reconnect);
    if (attempt + 1 < 3) w.say(stranger);  // they write again: another answer, still no template
  }
}

TEST_CASE("fairness: a visitor's burst joins the copy still waiting, and statuses reach every message in it") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  for (int i = 1; i <= 5; ++i) {
    w.store.run(t0 + i, [&](baton::SessionLog& log) {
      baton::post_visitor_message_tx(log, session, "c" + std::to_string(i), "line " + std::to_string(i));
    });
  }
  std::vector<baton::OutboxRecord> relays;
  for (const auto& row : w.store.tx().outbox().open()) {
    if (row.purpose == baton::OutboxPurpose::relay) relays.push_back(row);
  }
  REQUIRE(relays.size() == 1);
  CHECK(relays[0].body.find("line 1\nline 2\nline 3\nline 4\nline 5") != std::string::npos);
  CHECK(relays[0].more_message_ids.size() == 4);

  auto wamid = w.deliver(relays[0].id);
  w.status(wamid, "delivered", "baton:" + std::to_string(relays[0].id));
  int delivered = 0;
  for (const auto& m : w.log_of(session)) {
    if (m.author == baton::Author::visitor && m.status == baton::MessageStatus::delivered) ++delivered;
  }
  CHECK(delivered == 5);

  // Once the copy has been tried, the next message starts a new one.
  w.store.run(t0 + 10, [&](baton::SessionLog& log) { baton::post_visitor_message_tx(log, session, "c6", "line 6"); });
  int open_relays = 0;
  for (const auto& row : w.store.tx().outbox().open()) open_relays += row.purpose == baton::OutboxPurpose::relay;
  CHECK(open_relays == 1);
}

TEST_CASE("fairness: when the agent ends the chat, what is still queued for them is cancelled and the visitor told") {
  World w;
  auto session = w.open_and_hand_off();  // the agent's window is closed: nothing goes out yet
  w.store.run(t0 + 1, [&](baton::SessionLog& log) { baton::post_visitor_message_tx(log, session, "c1", "hello?"); });
  REQUIRE(w.open_row(baton::OutboxPurpose::relay));
  w.say(w.from_agent("/end " + w.store.tx().sessions().find(session)->code), t0 + 2000);
  CHECK_FALSE(w.open_row(baton::OutboxPurpose::relay));
  CHECK_FALSE(w.open_row(baton::OutboxPurpose::handoff));
  bool told = false;
  for (const auto& m : w.log_of(session)) {
    if (m.kind == baton::MessageKind::delivery_failed) told = true;
    if (m.author == baton::Author::visitor) CHECK(m.status == baton::MessageStatus::failed);
  }
  CHECK(told);
}

TEST_CASE("inbound: an agent's message marks the chat active in the same write, a receipt does not") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto code = w.store.tx().sessions().find(session)->code;
  w.say(w.from_agent("#" + code + " first answer"), t0 + 5000);
  CHECK(w.store.tx().sessions().find(session)->updated_ms == t0 + 5000);
  auto answer = w.log_of(session).back();
  CHECK(answer.text == "first answer");

  // A receipt takes a sequence number but is not activity.
  w.store.run(t0 + 9000,
              [&](baton::SessionLog& log) { log.advance_status(session, answer.id, baton::MessageStatus::read); });
  CHECK(w.store.tx().sessions().find(session)->updated_ms == t0 + 5000);
  CHECK(w.store.tx().sessions().find(session)->last_seq == answer.seq + 1);

  // Pointing the agent at the chat kept the rest of their contact (name, window).
  auto contact = w.store.tx().whatsapp().contact_by_phone(ana_phone);
  REQUIRE(contact);
  CHECK(contact->last_session_id == session);
  CHECK(contact->name == "Ana Agent");
  CHECK(contact->last_inbound_ms == t0);
}

// Someone writing in a busy chat does not rewrite their contact with every
// message: the window moves on once it lags a minute (it then ends at most a
// minute early), and a new profile name is kept at once.
TEST_CASE("inbound: a sender's window moves on a minute at a time, a new name at once") {
  World w;
  w.open_window(t0);
  auto session = w.open_and_hand_off();
  auto code = w.store.tx().sessions().find(session)->code;
  auto window = [&] { return w.store.tx().whatsapp().contact_by_phone(ana_phone)->last_inbound_ms; };
  auto write_at = [&](std::int64_t at, std::string name = "Ana Agent") {
    auto m = w.from_agent("#" + code + " answer");
    m.timestamp_ms = at;
    m.profile_name = std::move(name);
    w.say(m, at);
  };
  write_at(t0 + 1'000);  // the contact had no name yet: saved
  CHECK(window() == t0 + 1'000);
  write_at(t0 + 30'000);
  CHECK(window() == t0 + 1'000);
  write_at(t0 + 60'999);
  CHECK(window() == t0 + 1'000);
  write_at(t0 + 61'000);
  CHECK(window() == t0 + 61'000);
  write_at(t0 + 62'000, "Ana B.");
  auto contact = w.store.tx().whatsapp().contact_by_phone(ana_phone);
  CHECK(contact->name == "Ana B.");
  CHECK(contact->last_inbound_ms == t0 + 62'000);
  // Every message still reached the chat.
  std::size_t answers = 0;
  for (const auto& m : w.log_of(session)) answers += m.text == "answer";
  CHECK(answers == 5);
}

TEST_CASE("contacts: a message that only moves the window on rewrites the contact's row, not its keys") {
  World w;
  const std::string user_id = "US.1234567890";
  w.store.run(t0, [&](baton::SessionLog& log) {
    log.tx().whatsapp().save_contact({ana_phone, user_id, "Ana", t0, ""});
  });
  const bool sqlite = w.store.db().dialect() == baton::sql::Dialect::sqlite;
  if (sqlite) {
    w.store.db().finish_statements();  // as the writer does after each batch
    w.store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  w.store.run(t0 + 1000, [&](baton::SessionLog& log) {
    log.tx().whatsapp().save_contact({ana_phone, user_id, "Ana Agent", t0 + 1000, "s_later"});
  });
  for (auto contact :
       {w.store.tx().whatsapp().contact_by_phone(ana_phone), w.store.tx().whatsapp().contact_by_user_id(user_id)}) {
    REQUIRE(contact);
    CHECK(contact->phone == ana_phone);
    CHECK(contact->user_id == user_id);
    CHECK(contact->name == "Ana Agent");
    CHECK(contact->last_inbound_ms == t0 + 1000);
    CHECK(contact->last_session_id == "s_later");
  }
  if (sqlite) {
    // Pages the commit put in the log: the row's only. Setting a key to
    // itself rewrote each key's index entry too, three pages in all.
    auto& checkpoint = w.store.db().prepare("PRAGMA wal_checkpoint(PASSIVE)");
    REQUIRE(checkpoint.step());
    CHECK(checkpoint.integer(1) == 1);
    checkpoint.run();
  }

  // A key that was missing is still added.
  w.store.run(t0 + 2000, [&](baton::SessionLog& log) {
    log.tx().whatsapp().save_contact({visitor_phone, "", "Vera", t0 + 2000, ""});
  });
  w.store.run(t0 + 3000, [&](baton::SessionLog& log) {
    log.tx().whatsapp().save_contact({visitor_phone, "US.555", "Vera", t0 + 3000, ""});
  });
  auto vera = w.store.tx().whatsapp().contact_by_user_id("US.555");
  REQUIRE(vera);
  CHECK(vera->phone == visitor_phone);
  CHECK(vera->last_inbound_ms == t0 + 3000);
}

TEST_CASE("inbound: a visitor on WhatsApp joins once, and their next plain message reaches the same chat") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  w.continue_on_whatsapp(session);
  auto code = w.store.tx().sessions().find(session)->code;
  auto from_visitor = [&](std::string text) { return w.from_visitor(std::move(text)); };
  w.say(from_visitor("#" + code + " hello from my phone"), t0 + 2000);
  auto after_join = w.log_of(session);
  CHECK(after_join.back().text == "hello from my phone");
  CHECK(w.store.tx().sessions().find(session)->whatsapp_joined_ms == t0 + 2000);
  w.say(from_visitor("and one more thing"), t0 + 3000);

  // No second "joined" notice: only the message was added.
  auto log = w.log_of(session);
  CHECK(log.size() == after_join.size() + 1);
  CHECK(log.back().text == "and one more thing");
  CHECK(log.back().author == baton::Author::visitor);
  CHECK(w.store.tx().sessions().find(session)->whatsapp_joined_ms == t0 + 2000);
  CHECK(w.store.tx().sessions().find(session)->updated_ms == t0 + 3000);
}

TEST_CASE("late failures: passing trouble sends the message again, once, and says nothing of a failure") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto posted = w.visitor_writes(session);
  auto relay = w.open_row(baton::OutboxPurpose::relay);
  auto first = w.deliver(relay->id);
  w.status(first, "sent");
  auto effects = w.status(first, "failed", "baton:" + std::to_string(relay->id), 131000);
  auto row = w.store.tx().outbox().find(relay->id);
  CHECK(row->state == baton::OutboxState::pending);
  CHECK(row->wamid.empty());
  CHECK(row->next_attempt_ms > t0);
  REQUIRE(effects.enqueue.size() == 1);
  CHECK(effects.enqueue[0].id == relay->id);
  CHECK(w.log_of(session).back().kind != baton::MessageKind::delivery_failed);
  CHECK(w.store.tx().messages().find(session, posted.message.id)->status != baton::MessageStatus::failed);

  // Sent again, with a wamid of its own; a reordered status of the failed
  // one, carrying the same callback data, settles nothing.
  auto second = w.deliver(relay->id, t0 + 10000, "wamid.AGAIN");
  w.status(first, "delivered", "baton:" + std::to_string(relay->id));
  CHECK(w.store.tx().outbox().find(relay->id)->wamid == second);
  CHECK(w.store.tx().messages().find(session, posted.message.id)->status != baton::MessageStatus::delivered);
  w.status(second, "delivered", "baton:" + std::to_string(relay->id));
  CHECK(w.store.tx().messages().find(session, posted.message.id)->status == baton::MessageStatus::delivered);
}

TEST_CASE("late failures: what the phone already received stays received") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto posted = w.visitor_writes(session);
  auto relay = w.open_row(baton::OutboxPurpose::relay);
  auto wamid = w.deliver(relay->id);
  w.status(wamid, "delivered");
  auto effects = w.status(wamid, "failed", "", 131026);
  CHECK(effects.enqueue.empty());
  CHECK(w.store.tx().outbox().find(relay->id)->state == baton::OutboxState::sent);
  CHECK(w.store.tx().messages().find(session, posted.message.id)->status == baton::MessageStatus::delivered);
  CHECK(w.log_of(session).back().kind != baton::MessageKind::delivery_failed);
}

TEST_CASE("late failures: an error of the account keeps the message and stops the outbox") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto handoff = w.open_row(baton::OutboxPurpose::handoff);
  auto wamid = w.deliver(handoff->id);
  auto effects = w.status(wamid, "failed", "", 131042);
  REQUIRE(effects.account_trouble);
  CHECK(effects.account_trouble->code == 131042);
  auto row = w.store.tx().outbox().find(handoff->id);
  CHECK(row->state == baton::OutboxState::pending);
  // It counts (an account that takes messages and fails them later must
  // not keep one going round for ever), and the last one fails visibly.
  CHECK(row->attempts == 1);
  CHECK(effects.enqueue.size() == 1);
  baton::DeliveryPolicy once;
  once.max_attempts = 1;
  w.store.run(t0 + 9000, [&](baton::SessionLog& log) {
    auto again = baton::claim_send_tx(log, handoff->id, once);
    REQUIRE(again.send);
    baton::SendOutcome accepted;
    accepted.kind = baton::SendOutcome::Kind::accepted;
    accepted.wamid = "wamid.LATER";
    baton::record_send_outcome_tx(log, handoff->id, accepted, once, 0.5);
    auto stored = log.tx().outbox().find(handoff->id);
    baton::settle_late_failure(log, *stored, "wamid.LATER", 131042, "(#131042) payment", once);
  });
  CHECK(w.store.tx().outbox().find(handoff->id)->state == baton::OutboxState::failed);
  CHECK(w.log_of(session).back().kind != baton::MessageKind::delivery_failed);
}

TEST_CASE("outcomes: an account error in the answer keeps the row first in line, its attempt not counted") {
  World w;
  w.open_window();
  w.open_and_hand_off();
  auto row = w.open_row(baton::OutboxPurpose::handoff);
  baton::DeliveryPolicy policy;
  policy.max_attempts = 1;
  for (int i = 0; i < 3; ++i) {
    auto effects = w.store.run(t0 + 1000 * (i + 1), [&](baton::SessionLog& log) {
      auto claim = baton::claim_send_tx(log, row->id, policy);
      REQUIRE(claim.send);
      baton::SendOutcome outcome;
      outcome.kind = baton::SendOutcome::Kind::account;
      outcome.code = 190;
      outcome.description = "Invalid OAuth access token";
      baton::record_send_outcome_tx(log, row->id, outcome, policy, 0.5);
    });
    REQUIRE(effects.account_trouble);
    CHECK(effects.account_trouble->code == 190);
    REQUIRE(effects.retry.size() == 1);
    CHECK(effects.retry[0].second == t0 + 1000 * (i + 1));
  }
  auto stored = w.store.tx().outbox().find(row->id);
  CHECK(stored->state == baton::OutboxState::pending);
  CHECK(stored->attempts == 0);
}

TEST_CASE("late failures: a failure that overtakes the call's answer is not undone by the answer") {
  World w;
  w.open_window();
  w.open_and_hand_off();
  auto row = w.open_row(baton::OutboxPurpose::handoff);
  baton::DeliveryPolicy policy;
  auto answer = [&](const std::string& wamid, std::int64_t at) {
    return w.store.run(at, [&](baton::SessionLog& log) {
      baton::SendOutcome accepted;
      accepted.kind = baton::SendOutcome::Kind::accepted;
      accepted.wamid = wamid;
      baton::record_send_outcome_tx(log, row->id, accepted, policy, 0.5);
    });
  };
  auto claim = [&](std::int64_t at) {
    w.store.run(at, [&](baton::SessionLog& log) { REQUIRE(baton::claim_send_tx(log, row->id, policy).send); });
  };
  claim(t0 + 1000);
  // The status, found by its callback data, comes before the answer.
  w.status("wamid.RACE1", "failed", "baton:" + std::to_string(row->id), 131016);
  auto late = answer("wamid.RACE1", t0 + 1500);
  CHECK(w.store.tx().outbox().find(row->id)->state == baton::OutboxState::pending);
  REQUIRE(late.retry.size() == 1);
  CHECK(late.finished.empty());

  // Sent again; the old failure's news comes while it is out, and this
  // call's own answer says it got through: it is not sent a third time.
  claim(t0 + 60000);
  w.status("wamid.RACE0", "failed", "baton:" + std::to_string(row->id), 131000);
  auto through = answer("wamid.RACE2", t0 + 60500);
  auto stored = w.store.tx().outbox().find(row->id);
  CHECK(stored->state == baton::OutboxState::sent);
  CHECK(stored->wamid == "wamid.RACE2");
  CHECK(through.finished.size() == 1);
}

TEST_CASE("system messages: an agent's new number takes their chats, queue and list, and no chat shows it") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  w.delivered_handoff();
  w.visitor_writes(session, "waiting for Ana");
  // A call booked with Ana later today, already reminded of, and one over.
  auto book = [&](const std::string& chat, std::int64_t start_ms, std::int64_t reminded_ms) {
    baton::CallRecord call;
    call.session_id = chat;
    call.start_ms = start_ms;
    call.end_ms = start_ms + 30 * 60'000;
    call.agent_phone = ana_phone;
    call.visitor_phone = "+1";
    call.reminded_ms = reminded_ms;
    call.created_ms = t0;
    std::int64_t id = 0;
    w.store.run(t0, [&](baton::SessionLog& log) { id = log.tx().calls().insert(call); });
    return id;
  };
  auto upcoming = book(session, t0 + 5 * 60'000, t0 + 100);
  auto over = book(w.open_and_hand_off(), t0 - 3'600'000, t0 - 4'000'000);
  auto before = w.log_of(session).size();
  auto change = w.from_agent("User Ana changed from 15551230001 to 15551239999");
  change.type = "system";
  change.kind = baton::MessageKind::notice;
  change.system_type = "user_changed_number";
  change.new_wa_id = "15551239999";
  auto effects = w.say(change);

  CHECK(w.log_of(session).size() == before);
  CHECK(w.store.tx().sessions().find(session)->agent_phone == "+15551239999");
  REQUIRE(effects.agents_renumbered);
  CHECK(effects.agents_renumbered->at(0).phone == "+15551239999");
  CHECK(w.store.tx().settings().get("agents")->find("+15551239999") != std::string::npos);
  auto relay = w.open_row(baton::OutboxPurpose::relay);
  REQUIRE(relay);
  CHECK(relay->recipient == "+15551239999");
  CHECK(std::find(effects.finished.begin(), effects.finished.end(), relay->id) != effects.finished.end());
  CHECK(std::any_of(effects.enqueue.begin(), effects.enqueue.end(), [&](auto& r) { return r.id == relay->id; }));
  // Her booked call is hers at the new number, its reminder still marked
  // (found on review: the number was set on a copy and never written, so
  // the reminder went to the old number); the call that is over is left.
  auto moved = w.store.tx().calls().find(upcoming);
  CHECK(moved->agent_phone == "+15551239999");
  CHECK(moved->reminded_ms == t0 + 100);
  CHECK(w.store.tx().calls().find(over)->agent_phone == ana_phone);

  // Another agent's number is left alone, for the admin to sort out.
  World busy;
  busy.agents.set_agents({{"Ana", ana_phone}, {"Ben", "+15551239999"}});
  auto again = busy.from_agent("changed");
  again.type = "system";
  again.system_type = "user_changed_number";
  again.new_wa_id = "15551239999";
  CHECK_FALSE(busy.say(again).agents_renumbered);
}

namespace {

baton::InboundMessage revision_of(baton::InboundMessage from, std::string wamid, baton::MessageKind kind,
                                  std::string original_id, std::string text = "") {
  from.wamid = std::move(wamid);
  from.type = kind == baton::MessageKind::edit ? "edit" : "revoke";
  from.kind = kind;
  from.original_id = std::move(original_id);
  from.text = std::move(text);
  return from;
}

}  // namespace

TEST_CASE("revisions: an agent's edit rewrites the message, without its chat code, and tells the tabs") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto handoff_wamid = w.delivered_handoff();
  auto code = w.store.tx().sessions().find(session)->code;
  auto said = w.from_agent("The parcel left on Monday", handoff_wamid);
  w.say(said, t0 + 1000);
  auto original = w.log_of(session).back();
  REQUIRE(original.text == "The parcel left on Monday");

  auto edit = revision_of(w.from_agent(""), "wamid.EDIT1", baton::MessageKind::edit, said.wamid,
                          "#" + code + " The parcel left on Tuesday");
  auto effects = w.say(edit, t0 + 2000);
  auto log = w.log_of(session);
  auto rewritten = std::find_if(log.begin(), log.end(), [&](const auto& m) { return m.id == original.id; });
  REQUIRE(rewritten != log.end());
  CHECK(rewritten->text == "The parcel left on Tuesday");
  CHECK(rewritten->seq == original.seq);  // it stays where it was said
  CHECK(log.back().kind == baton::MessageKind::edit);
  CHECK(log.back().about == original.id);
  CHECK(log.back().text == "The parcel left on Tuesday");
  CHECK(log.back().author == baton::Author::agent);
  // The visitor is on the website: the tabs hear of it, WhatsApp gets nothing.
  CHECK(effects.enqueue.empty());

  // The same webhook again, and an edit that changes nothing, add nothing.
  w.say(edit, t0 + 2100);
  w.say(
      revision_of(w.from_agent(""), "wamid.EDIT2", baton::MessageKind::edit, said.wamid, "The parcel left on Tuesday"),
      t0 + 2200);
  CHECK(w.log_of(session).size() == log.size());
}

TEST_CASE("revisions: a deleted message keeps its place and a mark, and nothing of what it said") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto said = w.from_agent("my private number is 555-0100", w.delivered_handoff());
  w.say(said, t0 + 1000);
  auto original = w.log_of(session).back();
  w.say(revision_of(w.from_agent(""), "wamid.EDIT1", baton::MessageKind::edit, said.wamid, "call me at 555-0100"),
        t0 + 1500);
  w.say(revision_of(w.from_agent(""), "wamid.DEL1", baton::MessageKind::deleted, said.wamid), t0 + 2000);

  auto log = w.log_of(session);
  for (const auto& m : log) CHECK(m.text.find("555-0100") == std::string::npos);
  auto gone = std::find_if(log.begin(), log.end(), [&](const auto& m) { return m.id == original.id; });
  REQUIRE(gone != log.end());
  CHECK(gone->kind == baton::MessageKind::deleted);
  CHECK(gone->about.empty());
  CHECK(log.back().kind == baton::MessageKind::deleted);
  CHECK(log.back().about == original.id);

  // Deleted stays deleted: a late edit of it changes nothing.
  w.say(revision_of(w.from_agent(""), "wamid.EDIT2", baton::MessageKind::edit, said.wamid, "back again"), t0 + 2500);
  CHECK(w.log_of(session).size() == log.size());
}

TEST_CASE("revisions: only the sender's own message changes, and an edit WhatsApp did not describe is answered") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  auto said = w.from_agent("Your refund is on its way", w.delivered_handoff());
  w.say(said, t0 + 1000);
  auto before = w.log_of(session);

  // Someone else cannot edit or delete Ana's message by naming its id.
  auto stranger = revision_of(w.from_agent(""), "wamid.EDIT1", baton::MessageKind::edit, said.wamid, "no refund");
  stranger.from = "+15559990000";
  w.say(stranger, t0 + 1500);
  auto vandal = revision_of(w.from_agent(""), "wamid.DEL1", baton::MessageKind::deleted, said.wamid);
  vandal.from = "+15559990000";
  w.say(vandal, t0 + 1600);
  CHECK(w.log_of(session) == before);

  // Delivered as "unsupported", an edit says neither what nor which: Ana
  // learns the visitor still reads the first version.
  auto unsaid = revision_of(w.from_agent(""), "wamid.EDIT2", baton::MessageKind::edit, "");
  auto effects = w.say(unsaid, t0 + 2000);
  CHECK(w.log_of(session) == before);
  REQUIRE(effects.enqueue.size() == 1);
  CHECK(effects.enqueue[0].recipient == ana_phone);
  CHECK(effects.enqueue[0].body.find("still sees your message") != std::string::npos);
}

TEST_CASE(
    "revisions: the agent's WhatsApp hears of a visitor's edit quoting its copy, and an unsent copy of a "
    "deleted message is never sent") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  w.delivered_handoff();
  w.continue_on_whatsapp(session);
  auto code = w.store.tx().sessions().find(session)->code;
  auto from_visitor = [&](std::string text) { return w.from_visitor(std::move(text)); };
  auto first = from_visitor("#" + code + " my order is 1234");
  w.say(first, t0 + 2000);
  auto copy = w.store.tx().outbox().copies_of(session, w.log_of(session).back().id);
  REQUIRE(copy.size() == 1);
  auto copy_wamid = w.deliver(copy[0].id, t0 + 2100);

  auto effects = w.say(
      revision_of(from_visitor(""), "wamid.EDIT1", baton::MessageKind::edit, first.wamid, "my order is 1243"),
      t0 + 3000);
  REQUIRE(effects.enqueue.size() == 1);
  CHECK(effects.enqueue[0].recipient == ana_phone);
  CHECK(effects.enqueue[0].about_wamid == copy_wamid);  // a reply to the copy Ana has
  CHECK(effects.enqueue[0].body.find("✏️ edited: my order is 1243") != std::string::npos);

  // Deleted before its copy went: the copy is dropped, and nothing is said.
  auto second = from_visitor("oops, wrong chat");
  w.say(second, t0 + 4000);
  auto second_id = w.log_of(session).back().id;
  auto unsent = w.store.tx().outbox().copies_of(session, second_id);
  REQUIRE(unsent.size() == 1);
  effects = w.say(revision_of(from_visitor(""), "wamid.DEL1", baton::MessageKind::deleted, second.wamid), t0 + 4100);
  CHECK(effects.enqueue.empty());
  auto dropped = w.store.tx().outbox().find(unsent[0].id);
  REQUIRE(dropped);
  CHECK(dropped->state == baton::OutboxState::failed);
  CHECK(dropped->body.empty());
}

TEST_CASE(
    "revisions: a deleted message's copy never goes, joined to others, parked or failed late, nor do notes of its "
    "edits") {
  World w;
  w.open_window();
  auto session = w.open_and_hand_off();
  w.delivered_handoff();
  w.continue_on_whatsapp(session);
  auto code = w.store.tx().sessions().find(session)->code;
  auto newest_id = [&] { return w.log_of(session).back().id; };
  auto copy_of = [&](const std::string& message_id) {
    auto copies = w.store.tx().outbox().copies_of(session, message_id);
    REQUIRE(copies.size() == 1);
    return copies[0];
  };
  auto delete_it = [&](const baton::InboundMessage& said, std::string wamid, std::int64_t at) {
    return w.say(revision_of(said, std::move(wamid), baton::MessageKind::deleted, said.wamid), at);
  };

  // A burst joined into one copy that has not gone: it goes without the deleted line.
  auto card = w.from_visitor("#" + code + " my card is 4111 1111");
  w.say(card, t0 + 2000);
  auto card_id = newest_id();
  auto sorry = w.from_visitor("and my address is Rua Augusta 5");
  w.say(sorry, t0 + 2100);
  auto sorry_id = newest_id();
  REQUIRE(copy_of(card_id).more_message_ids == std::vector<std::string>{sorry_id});
  delete_it(card, "wamid.DEL1", t0 + 2200);
  auto burst = copy_of(sorry_id);
  CHECK(burst.body.find("4111") == std::string::npos);
  CHECK(burst.body.find("Rua Augusta 5") != std::string::npos);
  CHECK(burst.message_id == sorry_id);
  CHECK(burst.more_message_ids.empty());
  w.deliver(burst.id, t0 + 2300);

  // Parked for a closed window after a try: dropped, not sent when it reopens.
  auto parked_said = w.from_visitor("call me on 555-0199");
  w.say(parked_said, t0 + 3000);
  auto parked = copy_of(newest_id());
  parked.attempts = 1;
  parked.state = baton::OutboxState::awaiting_window;
  w.store.run(t0 + 3100, [&](baton::SessionLog& log) { log.tx().outbox().update(parked); });
  delete_it(parked_said, "wamid.DEL2", t0 + 3200);
  CHECK(w.store.tx().outbox().find(parked.id)->state == baton::OutboxState::failed);

  // Sent, deleted, then put back in line by a late failure: never sent again.
  auto sent_said = w.from_visitor("my password is hunter2");
  w.say(sent_said, t0 + 4000);
  auto sent = copy_of(newest_id());
  w.deliver(sent.id, t0 + 4100);
  delete_it(sent_said, "wamid.DEL3", t0 + 4200);
  auto emptied = *w.store.tx().outbox().find(sent.id);
  CHECK(emptied.body.empty());
  emptied.state = baton::OutboxState::pending;
  w.store.run(t0 + 4300, [&](baton::SessionLog& log) { log.tx().outbox().update(emptied); });
  w.store.run(t0 + 4400, [&](baton::SessionLog& log) {
    CHECK_FALSE(baton::claim_send_tx(log, sent.id, baton::DeliveryPolicy{}).send);
  });
  CHECK(w.store.tx().outbox().find(sent.id)->state == baton::OutboxState::failed);

  // Ana edits her answer, then deletes it: the edit's note, not yet sent, goes too.
  auto answer = w.from_agent("#" + code + " your code is 7080");
  w.say(answer, t0 + 5000);
  w.deliver(copy_of(newest_id()).id, t0 + 5100);
  w.say(revision_of(w.from_agent(""), "wamid.EDIT9", baton::MessageKind::edit, answer.wamid, "your code is 6061"),
        t0 + 5200);
  auto edit_note = copy_of(newest_id());
  CHECK(edit_note.body.find("6061") != std::string::npos);
  w.say(revision_of(w.from_agent(""), "wamid.DEL9", baton::MessageKind::deleted, answer.wamid), t0 + 5300);
  auto dropped = *w.store.tx().outbox().find(edit_note.id);
  CHECK(dropped.state == baton::OutboxState::failed);
  CHECK(dropped.body.empty());
  // No copy of any of the chat's messages, sent or not, still holds what was deleted.
  std::size_t rows = 0;
  for (const auto& message : w.log_of(session)) {
    for (const auto& row : w.store.tx().outbox().copies_of(session, message.id)) {
      ++rows;
      for (const auto* secret : {"4111", "555-0199", "hunter2", "7080", "6061"}) {
        CHECK(row.body.find(secret) == std::string::npos);
      }
    }
  }
  CHECK(rows >= 6);
}
