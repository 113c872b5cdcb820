// Call-backs: slots from business hours (across a daylight-saving change and
// a holiday), booking against a real SQLite database with an injected clock,
// reminders, cancelling, and the calendar file.

#include <doctest/doctest.h>

#include "common/placeholders.hpp"
#include "common/time_format.hpp"
#include "relay/availability/call_calendar.hpp"
#include "relay/availability/call_slots.hpp"
#include "relay/conversation/delivery_transactions.hpp"
#include "relay/conversation/handoff/callback.hpp"
#include "relay/conversation/handoff/email.hpp"
#include "relay/conversation/handoff/live.hpp"
#include "relay/conversation/handoff/modes.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/core/visitor_text.hpp"
#include "relay/http/refusals.hpp"
#include "relay/whatsapp/wa_link.hpp"
#include "tests/support/store_fixture.hpp"

using baton::test::StoreFixture;

namespace {

std::int64_t at(const char* rfc3339) { return *baton::parse_rfc3339(rfc3339); }

std::vector<std::string> starts(const std::vector<baton::CallSlot>& slots) {
  std::vector<std::string> out;
  for (const auto& s : slots) out.push_back(baton::format_rfc3339(s.start_ms));
  return out;
}

baton::BusinessHours berlin_mornings() {
  // Tuesday 27 October 2026 is a holiday; the clocks go back on Sunday the 25th.
  return baton::BusinessHours::parse("mon-fri 09:00-11:00", "Europe/Berlin", "2026-10-27");
}

baton::AgentDirectory agents(std::optional<baton::BusinessHours> hours = std::nullopt) {
  return baton::AgentDirectory({{"Ana", "+15551230001"}, {"Ben", "+15551230002"}}, 3, std::move(hours));
}

std::string open_session(StoreFixture& store, std::int64_t now) {
  std::string id;
  baton::VisitorContext context;
  context.time_zone = "America/Sao_Paulo";
  store.run(now, [&](baton::SessionLog& log) {
    id = baton::create_session_tx(log, store.random(), context, "https://shop.example", "Assistant", "Hi").session.id;
  });
  return id;
}

baton::HandoffRequest booking(std::int64_t slot_ms, std::string phone = "+5511912345678") {
  baton::HandoffRequest r;
  r.mode = baton::HandoffMode::callback;
  r.name = "Bia";
  r.phone = std::move(phone);
  r.consent = true;
  r.slot = baton::format_rfc3339(slot_ms);
  return r;
}

// The error code a booking fails with, or "" when it succeeds.
std::string book(StoreFixture& store, std::int64_t now, const std::string& session_id,
                 const baton::HandoffRequest& request, const baton::AgentDirectory& directory,
                 baton::Effects* effects = nullptr) {
  try {
    auto e = store.run(now, [&](baton::SessionLog& log) {
      baton::hand_over_tx(log, session_id, request, baton::HandoffSetup{directory, baton::CallSettings{}});
    });
    if (effects) *effects = std::move(e);
    return "";
  } catch (const baton::Refused& failure) {
    return failure.refusal().code;
  }
}

}  // namespace

// Found on review: leaving a message by e-mail was allowed while a call was
// booked; the chat's mode became e-mail, and it stopped reaching the call's
// agent while the call stayed booked.
TEST_CASE("calls: while a call is booked, the chat is not left as an e-mail either") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto directory = agents(berlin_mornings());
  auto session = open_session(store, now);
  REQUIRE(book(store, now, session, booking(at("2026-10-23T07:00:00.000Z")), directory) == "");
  baton::MailSettings mail;
  mail.support_address = "team@shop.example";
  mail.from = "baton@shop.example";
  baton::HandoffRequest request;
  request.mode = baton::HandoffMode::email;
  request.email = "bia@example.com";
  request.message = "or just write to me?";
  std::string refused;
  try {
    store.run(now, [&](baton::SessionLog& log) { baton::handoff_email_tx(log, session, request, mail); });
  } catch (const baton::Refused& failure) {
    refused = failure.refusal().code;
  }
  CHECK(refused == "already_booked");
  CHECK(store.tx().mail().count_since("support", {}, 0) == 0);
  CHECK(store.tx().sessions().find(session)->mode == baton::HandoffMode::callback);
}

TEST_CASE("call slots: the same local hours across a daylight-saving change, none on a holiday") {
  baton::SlotRules rules;
  auto now = at("2026-10-23T06:00:00.000Z");  // Friday 08:00 in Berlin (CEST, UTC+2)
  auto hours = berlin_mornings();
  auto slots = baton::slots_in_hours(&hours, now, 4, rules);
  // Friday 09:00-11:00 CEST, then Monday 09:00-11:00 CET (UTC+1); Tuesday is a holiday.
  CHECK(starts(slots) == std::vector<std::string>{"2026-10-23T07:00:00.000Z", "2026-10-23T07:30:00.000Z",
                                                  "2026-10-23T08:00:00.000Z", "2026-10-23T08:30:00.000Z",
                                                  "2026-10-26T08:00:00.000Z", "2026-10-26T08:30:00.000Z",
                                                  "2026-10-26T09:00:00.000Z", "2026-10-26T09:30:00.000Z"});
  CHECK(slots.front().end_ms - slots.front().start_ms == 30 * 60 * 1000);
}

TEST_CASE("call slots: notice is kept, the grid stays on the opening's half hours, 24/7 uses the clock's") {
  baton::SlotRules rules;
  auto now = at("2026-10-23T07:10:00.000Z");  // 09:10 in Berlin, open
  auto hours = berlin_mornings();
  auto slots = baton::slots_in_hours(&hours, now, 1, rules);
  CHECK(starts(slots) == std::vector<std::string>{"2026-10-23T08:00:00.000Z", "2026-10-23T08:30:00.000Z"});
  auto always = baton::slots_in_hours(nullptr, at("2026-10-23T07:10:00.000Z"), 1, rules);
  CHECK(baton::format_rfc3339(always.front().start_ms) == "2026-10-23T08:00:00.000Z");
  CHECK(always.size() == 46);  // 08:00 today to 07:00 tomorrow, every half hour
  std::map<std::int64_t, int> booked{{slots.front().start_ms, 2}};
  CHECK(baton::free_slots(slots, booked, 2).size() == 1);
  CHECK(baton::free_slots(slots, booked, 3).size() == 2);
}

TEST_CASE("call slots: always open in a zone off the half hour, on local half hours, none on a holiday") {
  baton::SlotRules rules;
  rules.notice_ms = 60LL * 60 * 1000;
  auto kathmandu = baton::BusinessHours::parse("24/7", "Asia/Kathmandu", "2026-10-24");  // UTC+5:45
  auto now = at("2026-10-23T12:00:00.000Z");                                             // 17:45 local on the 23rd
  auto slots = baton::slots_in_hours(&kathmandu, now, 2, rules);
  REQUIRE(!slots.empty());
  // An hour from now is 18:45 local; the next local half hour is 19:00, 13:15Z.
  CHECK(baton::format_rfc3339(slots.front().start_ms) == "2026-10-23T13:15:00.000Z");
  for (const auto& slot : slots) {
    auto minute = baton::format_rfc3339(slot.start_ms).substr(14, 2);
    CHECK((minute == "15" || minute == "45"));  // :00 and :30 in Kathmandu
    // Nothing on the holiday, 24 October local: 23 Oct 18:15Z to 24 Oct 18:15Z.
    CHECK((slot.start_ms < at("2026-10-23T18:15:00.000Z") || slot.start_ms >= at("2026-10-24T18:15:00.000Z")));
  }
}

TEST_CASE("calls: booked once per agent per slot, refused with the reason otherwise") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto directory = agents(berlin_mornings());
  auto slot = at("2026-10-23T07:00:00.000Z");
  auto first = open_session(store, now);
  baton::Effects effects;
  REQUIRE(book(store, now, first, booking(slot), directory, &effects) == "");
  // The agent hears of it, with the context; the visitor gets the call template.
  bool agent_told = false, visitor_told = false;
  for (const auto& row : effects.enqueue) {
    if (row.recipient == "+15551230001" && row.body.find("Call booked") != std::string::npos) agent_told = true;
    if (row.recipient == "+5511912345678" && row.kind == baton::OutboxKind::template_message) {
      visitor_told = true;
      // In the visitor's own zone: 07:00Z is 04:00 in Sao Paulo.
      CHECK(row.body.find("04:00") != std::string::npos);
      CHECK(row.body.find("America/Sao_Paulo") != std::string::npos);
    }
  }
  CHECK(agent_told);
  CHECK(visitor_told);
  CHECK(book(store, now, first, booking(slot), directory) == "");  // asked again: the same booking
  CHECK(book(store, now, first, booking(slot + 30 * 60 * 1000), directory) == "already_booked");

  auto second = open_session(store, now);
  CHECK(book(store, now, second, booking(slot, "+5511912345679"), directory) == "");
  auto third = open_session(store, now);
  CHECK(book(store, now, third, booking(slot, "+5511912345670"), directory) == "slot_taken");
  CHECK(store.tx().calls().booked_between(slot, slot + 1).size() == 2);
  CHECK(baton::bookable_slots(store.tx(), directory, now, 1, baton::CallSettings{}).size() == 3);

  auto fourth = open_session(store, now);
  CHECK(book(store, now, fourth, booking(at("2026-10-27T08:00:00.000Z")), directory) == "invalid_slot");  // holiday
  CHECK(book(store, now, fourth, booking(at("2026-10-23T06:15:00.000Z")), directory) == "invalid_slot");  // too soon
  auto no_consent = booking(slot + 30 * 60 * 1000);
  no_consent.consent = false;
  CHECK(book(store, now, fourth, no_consent, directory) == "consent_required");
  CHECK(book(store, now, fourth, booking(slot + 30 * 60 * 1000, "12"), directory) == "invalid_phone");
}

// Found on review: each retry of a handoff whose answer was lost added one
// more record of the visitor's consent.
TEST_CASE("calls: a booking sent again keeps one record of the visitor's consent") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto directory = agents(berlin_mornings());
  auto chat = open_session(store, now);
  auto request = booking(at("2026-10-23T07:00:00.000Z"));
  request.consent_text = "Yes, call me on this number.";
  REQUIRE(book(store, now, chat, request, directory) == "");
  REQUIRE(book(store, now + 1000, chat, request, directory) == "");
  CHECK(store.tx().privacy().consents(chat).size() == 1);
}

TEST_CASE("calls: the database refuses a second call for one agent in one slot") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto a = open_session(store, now);
  auto b = open_session(store, now);
  baton::CallRecord call{0,
                         a,
                         at("2026-10-23T07:00:00.000Z"),
                         at("2026-10-23T07:30:00.000Z"),
                         "+15551230001",
                         "+1",
                         "",
                         baton::CallState::booked,
                         0,
                         now,
                         0,
                         ""};
  store.run(now, [&](baton::SessionLog& log) { log.tx().calls().insert(call); });
  call.session_id = b;
  CHECK_THROWS_AS(store.run(now, [&](baton::SessionLog& log) { log.tx().calls().insert(call); }), baton::DuplicateKey);
}

TEST_CASE("calls: the agent is reminded once, 10 minutes before, and a cancelled call frees its slot") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto directory = agents(berlin_mornings());
  auto slot = at("2026-10-23T08:00:00.000Z");
  auto session = open_session(store, now);
  REQUIRE(book(store, now, session, booking(slot), directory) == "");
  baton::CallSettings settings;
  settings.business_time_zone = "Europe/Berlin";
  auto remind = [&](std::int64_t when) {
    std::size_t n = 0;
    auto effects = store.run(when, [&](baton::SessionLog& log) { n = baton::remind_due_calls_tx(log, settings); });
    if (n > 0) {
      REQUIRE(effects.enqueue.size() == 1);
      CHECK(effects.enqueue[0].recipient == "+15551230001");
      CHECK(effects.enqueue[0].body.find("at 10:00") != std::string::npos);  // Berlin time
    }
    return n;
  };
  CHECK(remind(slot - 11 * 60 * 1000) == 0);
  CHECK(remind(slot - 10 * 60 * 1000) == 1);
  CHECK(remind(slot - 5 * 60 * 1000) == 0);

  CHECK(baton::bookable_slots(store.tx(), directory, now, 1, settings).size() == 4);  // Ben is still free
  store.run(now, [&](baton::SessionLog& log) { baton::cancel_session_call_tx(log, session, settings); });
  CHECK(store.tx().sessions().find(session)->state == baton::SessionState::bot);
  CHECK(!store.tx().calls().booked_for_session(session, now));
  CHECK(store.tx().calls().latest_for_session(session)->cancelled_by == "visitor");
  CHECK_THROWS_AS(
      store.run(now, [&](baton::SessionLog& log) { baton::cancel_session_call_tx(log, session, settings); }),
      baton::Refused);
}

// The notices that name a call's time say where in their text it is, so the
// widget can say it again in the visitor's language (TimeInText).
TEST_CASE("calls: the booked and cancelled notices point at the call's time in their text") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto directory = agents(berlin_mornings());
  auto slot = at("2026-10-23T08:00:00.000Z");
  auto session = open_session(store, now);
  REQUIRE(book(store, now, session, booking(slot), directory) == "");
  store.run(now, [&](baton::SessionLog& log) { baton::cancel_session_call_tx(log, session, baton::CallSettings{}); });
  std::vector<baton::Message> timed;
  for (const auto& entry : store.tx().messages().log_after(session, 0, 100)) {
    if (const auto* m = std::get_if<baton::Message>(&entry); m && m->time.size > 0) timed.push_back(*m);
  }
  REQUIRE(timed.size() == 2);
  CHECK(timed[0].text.find("Your call is booked") == 0);
  CHECK(timed[1].text.find("You cancelled the call") == 0);
  for (const auto& m : timed) {
    CHECK(m.time.from_ms == slot);
    CHECK(m.time.to_ms == slot + 30 * 60 * 1000);
    REQUIRE(m.time.at + m.time.size <= m.text.size());
    // The visitor's zone (São Paulo), as the relay words it.
    CHECK(m.text.substr(m.time.at, m.time.size) == "Fri 23 Oct 2026, 05:00-05:30 (America/Sao_Paulo)");
  }
  // Read back as the widget and the JSON API get it.
  auto stored = store.tx().messages().find(session, timed[0].id);
  REQUIRE(stored);
  CHECK(stored->time == timed[0].time);
}

TEST_CASE("calls: once its time comes a call cannot be cancelled, and once over it is done and frees the chat") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto directory = agents(berlin_mornings());
  auto slot = at("2026-10-23T07:00:00.000Z");
  auto session = open_session(store, now);
  REQUIRE(book(store, now, session, booking(slot), directory) == "");
  baton::CallSettings settings;
  auto code_of = [&](std::int64_t when) -> std::string {
    try {
      store.run(when, [&](baton::SessionLog& log) { baton::cancel_session_call_tx(log, session, settings); });
      return "";
    } catch (const baton::Refused& failure) {
      return failure.refusal().code;
    }
  };
  CHECK(code_of(slot + 60 * 1000) == "call_started");
  auto over = slot + 31 * 60 * 1000;
  CHECK(code_of(over) == "no_call");
  store.run(over, [&](baton::SessionLog& log) { baton::remind_due_calls_tx(log, settings); });
  CHECK(store.tx().calls().latest_for_session(session)->state == baton::CallState::done);
  // The chat may book again.
  CHECK(book(store, over, session, booking(at("2026-10-26T08:00:00.000Z")), directory) == "");
}

TEST_CASE("call calendar: RFC 5545 text escaped, long lines folded within 75 octets, UTC times") {
  baton::CalendarCall call{
      "call-1-K7P2QX@baton",          at("2026-10-23T07:00:00.000Z"),        at("2026-10-23T07:30:00.000Z"),
      at("2026-10-20T12:00:00.000Z"), "Call with Ana; about bikes, helmets", std::string(100, 'x') + " é line\nbreak"};
  auto ics = baton::call_calendar(call);
  CHECK(ics.find("DTSTART:20261023T070000Z\r\n") != std::string::npos);
  CHECK(ics.find("DTEND:20261023T073000Z\r\n") != std::string::npos);
  CHECK(ics.find("SUMMARY:Call with Ana\\; about bikes\\, helmets\r\n") != std::string::npos);
  CHECK(ics.find("\\nbreak") != std::string::npos);
  std::size_t start = 0;
  while (start < ics.size()) {
    auto end = ics.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    CHECK(end - start <= 75);
    start = end + 2;
  }
  CHECK(ics.ends_with("END:VCALENDAR\r\n"));
}

TEST_CASE("wa.me link and QR code: the code prefilled, an SVG image of the link") {
  CHECK(baton::wa_me_link("+1 555 000 1234", "K7P2QX") == "https://wa.me/15550001234?text=Chat%20%23K7P2QX");
  auto svg = baton::qr_svg("https://wa.me/15550001234?text=Chat%20%23K7P2QX");
  CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
  CHECK(svg.find("<script") == std::string::npos);
  // 46 bytes at level M need version 4 (33 modules), plus a 4-module quiet zone each side.
  CHECK(svg.find("viewBox=\"0 0 41 41\"") != std::string::npos);
  CHECK(baton::qr_data_url("x").starts_with("data:image/svg+xml;base64,PHN2Zy"));
}

TEST_CASE("calls: when the agent's WhatsApp refuses the booking for good, the call is cancelled and the visitor told") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto directory = agents(berlin_mornings());
  auto session = open_session(store, now);
  baton::Effects booked;
  REQUIRE(book(store, now, session, booking(at("2026-10-23T08:00:00.000Z")), directory, &booked) == "");
  std::int64_t to_agent = 0;
  for (const auto& row : booked.enqueue) {
    if (row.purpose == baton::OutboxPurpose::handoff) to_agent = row.id;
  }
  REQUIRE(to_agent != 0);
  // The agent's window is open, so the message is sent, and refused for good.
  store.run(now, [&](baton::SessionLog& log) {
    baton::ContactRecord agent{"+15551230001", {}, "Ana", now, {}};
    log.tx().whatsapp().save_contact(agent);
  });
  store.run(now + 1000, [&](baton::SessionLog& log) {
    REQUIRE(baton::claim_send_tx(log, to_agent, baton::DeliveryPolicy{}).send);
    baton::SendOutcome refused;
    refused.kind = baton::SendOutcome::Kind::permanent;
    refused.code = 131026;
    refused.description = "(#131026) Message undeliverable";
    baton::record_send_outcome_tx(log, to_agent, refused, baton::DeliveryPolicy{}, 0.5);
  });
  auto call = store.tx().calls().latest_for_session(session);
  CHECK(call->state == baton::CallState::cancelled);
  CHECK(call->cancelled_by == "system");
  CHECK(store.tx().sessions().find(session)->state == baton::SessionState::bot);
  auto log = store.tx().messages().latest(session, 10);
  CHECK(log.back().kind == baton::MessageKind::handoff_offer);
  bool told = false;
  for (const auto& m : log) told = told || m.text.find("could not reach the team member") != std::string::npos;
  CHECK(told);
}

TEST_CASE("calls: a chat waiting for an agent may book a call instead, and that agent is told") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto directory = agents(berlin_mornings());
  auto session = open_session(store, now);
  store.run(now + 70 * 60 * 1000, [&](baton::SessionLog& log) {  // 09:10 in Berlin: open
    baton::handoff_live_tx(log, session, baton::HandoffRequest{}, directory);
  });
  auto waiting_for = store.tx().sessions().find(session)->agent_phone;
  baton::Effects booked;
  REQUIRE(book(store, now + 71 * 60 * 1000, session, booking(at("2026-10-26T08:00:00.000Z")), directory, &booked) ==
          "");
  bool told = false;
  for (const auto& row : booked.enqueue) {
    told = told || (row.recipient == waiting_for && row.body.find("booked a call instead") != std::string::npos);
  }
  CHECK(told);
  CHECK(!store.tx().queue().since(session));
}

TEST_CASE("visitor notices: every language has every placeholder of the English text") {
  using baton::VisitorText;
  for (auto which :
       {VisitorText::whatsapp_sent, VisitorText::whatsapp_joined, VisitorText::call_booked,
        VisitorText::call_cancelled_by_you, VisitorText::call_cancelled_by_us, VisitorText::call_cancelled_unreached}) {
    auto english = std::string(baton::visitor_text(which, baton::Lang::en));
    for (auto lang : baton::all_langs) {
      auto text = std::string(baton::visitor_text(which, lang));
      for (const char* name : {"{code}", "{phone}", "{agent}", "{when}"}) {
        CHECK_MESSAGE((english.find(name) == std::string::npos) == (text.find(name) == std::string::npos),
                      text << " / " << name);
      }
    }
  }
  CHECK(baton::fill_placeholders("{a} and {a}, {b}", {{"a", "x{a}"}, {"b", "y"}}) == "x{a} and x{a}, y");
}

TEST_CASE("calls: a visitor's name with line breaks forges no line in what the agent reads") {
  StoreFixture store;
  auto now = at("2026-10-23T06:00:00.000Z");
  auto directory = agents(berlin_mornings());
  auto slot = at("2026-10-23T08:00:00.000Z");
  auto session = open_session(store, now);
  auto request = booking(slot);
  request.name =
      "Bia\r\n*Call cancelled* pay \xE2\x80\xAE"
      "exe.gpj\xE2\x80\xA8now";
  baton::Effects effects;
  REQUIRE(book(store, now, session, request, directory, &effects) == "");
  baton::CallSettings settings;
  settings.business_time_zone = "Europe/Berlin";
  auto reminded = store.run(slot - 10 * 60 * 1000,
                            [&](baton::SessionLog& log) { baton::remind_due_calls_tx(log, settings); });
  auto cancelled = store.run(now,
                             [&](baton::SessionLog& log) { baton::cancel_session_call_tx(log, session, settings); });
  std::vector<std::string> agent_texts;
  for (const auto* e : {&effects, &reminded, &cancelled}) {
    for (const auto& row : e->enqueue) {
      if (row.recipient == "+15551230001") agent_texts.push_back(row.body);
    }
  }
  REQUIRE(agent_texts.size() >= 3);
  for (const auto& text : agent_texts) {
    CAPTURE(text);
    CHECK(text.find("Bia *Call cancelled* pay exe.gpj now") != std::string::npos);
    CHECK(text.find("\n*Call cancelled*") == std::string::npos);
    CHECK(text.find("\xE2\x80\xAE") == std::string::npos);
    CHECK(text.find("\xE2\x80\xA8") == std::string::npos);
    CHECK(text.find('\r') == std::string::npos);
  }
}
