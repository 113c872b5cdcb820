// After a chat ends, what the visitor writes always has a reader: a new
// conversation with the assistant, or the agent who holds their booked call.
// Against a real SQLite database, through the same transactions the relay runs.

#include <doctest/doctest.h>

#include "common/placeholders.hpp"
#include "common/time_format.hpp"
#include "relay/conversation/agent_commands.hpp"
#include "relay/conversation/handoff/callback.hpp"
#include "relay/conversation/handoff/email.hpp"
#include "relay/conversation/handoff/live.hpp"
#include "relay/conversation/handoff/modes.hpp"
#include "relay/conversation/inbound_transactions.hpp"
#include "relay/conversation/mail_transactions.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "tests/support/inbound_text.hpp"
#include "tests/support/store_fixture.hpp"

using baton::test::StoreFixture;

namespace {

// Monday 23 November 2026, 10:00 UTC.
const std::int64_t t0 = *baton::parse_rfc3339("2026-11-23T10:00:00.000Z");
const std::string ana_phone = "+15551230001";

struct Chat {
  StoreFixture store;
  baton::AgentDirectory agents{{{"Ana", ana_phone}}};
  std::string id;
  int next_wamid = 1;

  Chat() {
    store.run(t0, [&](baton::SessionLog& log) {
      baton::VisitorContext context;
      context.name = "Bia";
      context.language = "es";
      id = baton::create_session_tx(log, store.random(), context, "", "Assistant", "Hello!").session.id;
    });
  }

  baton::SessionRecord session() { return *store.tx().sessions().find(id); }
  std::vector<baton::Message> log() { return store.tx().messages().after(id, 0, 500); }

  // "Leave a message" by e-mail, with `words` for the team.
  void leave_message(const std::string& words, std::int64_t at) {
    baton::MailSettings mail;
    mail.support_address = "support@shop.example";
    mail.from = "baton@shop.example";
    baton::HandoffRequest request;
    request.mode = baton::HandoffMode::email;
    request.email = "bia@example.com";
    request.message = words;
    store.run(at, [&](baton::SessionLog& log) { baton::handoff_email_tx(log, id, request, mail); });
  }

  baton::Effects post(const std::string& cid, const std::string& text, std::int64_t at) {
    return store.run(at, [&](baton::SessionLog& log) { baton::post_visitor_message_tx(log, id, cid, text); });
  }

  void agent_says(const std::string& text, std::int64_t at) {
    auto m = baton::test::inbound_text("wamid.IN" + std::to_string(next_wamid++), ana_phone, "Ana Agent", text, at);
    baton::WebhookBatch batch;
    batch.messages.push_back(m);
    store.run(at, [&](baton::SessionLog& log) { baton::apply_webhook_tx(log, batch, agents); });
  }

  // Copies of the visitor's words queued for the agent, in any outbox row.
  std::size_t relayed_to_agent(std::string_view words) {
    std::size_t n = 0;
    for (const auto& row : store.tx().outbox().open()) {
      if (row.recipient == ana_phone && row.purpose == baton::OutboxPurpose::relay &&
          row.body.find(words) != std::string::npos) {
        ++n;
      }
    }
    return n;
  }
};

bool publishes_state(const baton::Effects& effects, baton::SessionState state) {
  for (const auto& [session, frame] : effects.frames) {
    if (const auto* change = std::get_if<baton::StateChange>(&frame); change && change->state == state) return true;
  }
  return false;
}

// The visitor's message, then what the relay did with it: a new
// conversation, said in the visitor's language, and a turn for the assistant.
void check_new_conversation(Chat& chat, const baton::Effects& effects, const std::string& words) {
  auto session = chat.session();
  CHECK(session.state == baton::SessionState::bot);
  CHECK(session.agent_phone.empty());
  CHECK(publishes_state(effects, baton::SessionState::bot));
  REQUIRE(effects.assistant_turns.size() == 1);
  CHECK(effects.assistant_turns[0].message.text == words);
  auto log = chat.log();
  REQUIRE(log.size() >= 2);
  const auto& notice = log[log.size() - 2];
  CHECK(notice.author == baton::Author::system);
  CHECK(notice.text == baton::with_button(baton::visitor_text(baton::VisitorText::new_conversation, baton::Lang::es),
                                          baton::Lang::es));
  CHECK(notice.text.find("\"Hablar con un agente\"") != std::string::npos);
  CHECK(log.back().text == words);
  CHECK(chat.relayed_to_agent(words) == 0);
}

}  // namespace

TEST_CASE("lifecycle: after an agent's /end the visitor's next message starts a new conversation with the assistant") {
  Chat chat;
  chat.store.run(t0 + 10, [&](baton::SessionLog& log) { baton::handoff_live_tx(log, chat.id, {}, chat.agents); });
  chat.agent_says("/end " + chat.session().code, t0 + 20);
  REQUIRE(chat.session().state == baton::SessionState::ended);

  auto effects = chat.post("c1", "¿y el envío a Canarias?", t0 + 30);
  check_new_conversation(chat, effects, "¿y el envío a Canarias?");

  // The agent no longer writes in it; the chat is the assistant's.
  chat.agent_says("#" + chat.session().code + " still here", t0 + 40);
  CHECK(chat.log().back().text == "¿y el envío a Canarias?");

  // The same message again (a resend) is not a second new conversation.
  auto again = chat.post("c1", "¿y el envío a Canarias?", t0 + 50);
  CHECK(again.assistant_turns.empty());
  CHECK_FALSE(publishes_state(again, baton::SessionState::bot));

  // And a handoff works again from there.
  chat.store.run(t0 + 60, [&](baton::SessionLog& log) { baton::handoff_live_tx(log, chat.id, {}, chat.agents); });
  CHECK(chat.session().state == baton::SessionState::waiting);
  chat.post("c2", "hola otra vez", t0 + 70);
  CHECK(chat.relayed_to_agent("hola otra vez") == 1);
}

TEST_CASE("lifecycle: after a message left by e-mail the next message goes to the assistant") {
  Chat chat;
  chat.leave_message("Necesito una factura", t0 + 10);
  REQUIRE(chat.session().state == baton::SessionState::ended);

  auto effects = chat.post("c1", "otra pregunta", t0 + 20);
  check_new_conversation(chat, effects, "otra pregunta");
  CHECK(chat.session().mode == baton::HandoffMode::live);
}

TEST_CASE("lifecycle: with a call booked the call's agent reads what the visitor writes and may answer") {
  Chat chat;
  auto slot = *baton::parse_rfc3339("2026-11-23T15:00:00.000Z");
  baton::HandoffRequest request;
  request.mode = baton::HandoffMode::callback;
  request.name = "Bia";
  request.phone = "+34612345678";
  request.consent = true;
  request.slot = baton::format_rfc3339(slot);
  chat.store.run(t0 + 10, [&](baton::SessionLog& log) {
    baton::hand_over_tx(log, chat.id, request, baton::HandoffSetup{chat.agents, baton::CallSettings{}});
  });
  REQUIRE(chat.session().state == baton::SessionState::ended);
  REQUIRE(chat.session().mode == baton::HandoffMode::callback);

  auto effects = chat.post("c1", "llámame al fijo mejor", t0 + 20);
  CHECK(chat.session().state == baton::SessionState::ended);
  CHECK(effects.assistant_turns.empty());
  CHECK(chat.relayed_to_agent("llámame al fijo mejor") == 1);

  // The agent's answer reaches the chat; the call stays booked.
  chat.agent_says("#" + chat.session().code + " De acuerdo, te llamo al fijo.", t0 + 30);
  auto entries = chat.log();
  CHECK(entries.back().author == baton::Author::agent);
  CHECK(entries.back().text == "De acuerdo, te llamo al fijo.");
  CHECK(chat.store.tx().calls().booked_for_session(chat.id, t0 + 30));

  // Once the call is over, the chat is nobody's: a new conversation.
  auto after = slot + 31 * 60 * 1000;
  chat.store.run(after, [&](baton::SessionLog& log) { baton::remind_due_calls_tx(log, baton::CallSettings{}); });
  auto later = chat.post("c2", "gracias por la llamada", after + 10);
  check_new_conversation(chat, later, "gracias por la llamada");
}

TEST_CASE("lifecycle: a message left by e-mail that can never be sent is given back, with the other ways open") {
  Chat chat;
  chat.leave_message("Necesito una factura", t0 + 10);
  std::int64_t support_mail = 0;
  for (const auto& row : chat.store.tx().mail().recent(10)) {
    if (row.purpose == "support") support_mail = row.id;
  }
  REQUIRE(support_mail != 0);

  // The server refuses it for good (550): the team will never read it.
  auto effects = chat.store.run(t0 + 20, [&](baton::SessionLog& log) {
    baton::record_mail_attempt_tx(log, support_mail, baton::SmtpResult{false, true, "550 mailbox unavailable"});
  });
  CHECK(chat.session().state == baton::SessionState::bot);
  CHECK(publishes_state(effects, baton::SessionState::bot));
  auto entries = chat.log();
  CHECK(entries.back().kind == baton::MessageKind::handoff_offer);
  CHECK(entries.back().text.starts_with("Lo sentimos, tu mensaje no pudo enviarse"));
  // Their words are still in the chat, and the next message has a reader.
  bool kept = false;
  for (const auto& m : entries) kept = kept || m.text == "Necesito una factura";
  CHECK(kept);
  auto next = chat.post("c1", "¿y ahora?", t0 + 30);
  CHECK(next.assistant_turns.size() == 1);
}
