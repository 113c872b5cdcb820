// The handoff modes as one table, and the one place that checks a request:
// every mode has a row, modes are offered in order and only when set up,
// and each field is refused with one code and one wording, whatever the mode.

#include <doctest/doctest.h>

#include <string>

#include "relay/conversation/handoff/modes.hpp"
#include "relay/conversation/handoff/request_rules.hpp"

using namespace baton;

namespace {

// The code a request is refused with under `rules`, or "" when it passes.
std::string refusal_of(const HandoffRequest& request, const RequestRules& rules) {
  try {
    checked_request(request, rules);
    return "";
  } catch (const Refused& refused) {
    return refused.refusal().code;
  }
}

HandoffRequest with(void (*fill)(HandoffRequest&)) {
  HandoffRequest r;
  fill(r);
  return r;
}

}  // namespace

TEST_CASE("handoff rules: each field has one refusal, whichever mode asks") {
  RequestRules call{.consent_for = "a call-back", .phone = true, .slot = true, .ascii_email = true};
  auto booking = [](HandoffRequest& r) {
    r.consent = true;
    r.phone = "+55 11 91234-5678";
    r.slot = "2026-10-26T13:00:00.000Z";
  };
  CHECK(refusal_of(with(booking), call) == "");
  CHECK(checked_request(with(booking), call).phone == "+5511912345678");  // normalized once, here

  auto no_consent = with(booking);
  no_consent.consent = false;
  CHECK(refusal_of(no_consent, call) == "consent_required");
  auto bad_phone = with(booking);
  bad_phone.phone = "12";
  CHECK(refusal_of(bad_phone, call) == "invalid_phone");
  auto no_phone = with(booking);
  no_phone.phone.clear();
  CHECK(refusal_of(no_phone, call) == "invalid_phone");
  auto no_slot = with(booking);
  no_slot.slot.clear();
  CHECK(refusal_of(no_slot, call) == "invalid_slot");
  auto odd_slot = with(booking);
  odd_slot.slot = "tomorrow";
  CHECK(refusal_of(odd_slot, call) == "invalid_slot");
  auto bad_email = with(booking);
  bad_email.email = "not-mail";
  CHECK(refusal_of(bad_email, call) == "invalid_field");
  auto wide_email = with(booking);
  wide_email.email = "jürgen@example.de";
  CHECK(refusal_of(wide_email, call) == "invalid_field");

  // The same fields in a live request: optional, but the same rules when given.
  RequestRules live{};
  CHECK(refusal_of(HandoffRequest{}, live) == "");
  CHECK(refusal_of(bad_phone, live) == "invalid_phone");
  CHECK(refusal_of(odd_slot, live) == "invalid_slot");
  CHECK(refusal_of(bad_email, live) == "invalid_field");
  CHECK(refusal_of(wide_email, live) == "");  // no mail goes to it

  RequestRules email{.email = true, .ascii_email = true, .message = true};
  auto message = [](HandoffRequest& r) {
    r.email = "ana@example.com";
    r.message = "Where is my order?";
  };
  CHECK(refusal_of(with(message), email) == "");
  auto no_address = with(message);
  no_address.email.clear();
  CHECK(refusal_of(no_address, email) == "invalid_field");
  auto control = with(message);
  control.message = std::string("bad \x01 text");
  CHECK(refusal_of(control, email) != "");
  CHECK(refusal_of(control, live) == "");  // a mode that keeps no message does not judge it

  try {
    checked_request(no_consent, call);
  } catch (const Refused& refused) {
    CHECK(refused.refusal().kind == RefusalKind::invalid);
    CHECK(refused.refusal().sentence == "a call-back needs the visitor's consent");
  }
}

TEST_CASE("handoff modes: one row per mode, offered in order, only when set up") {
  const HandoffMode all[] = {HandoffMode::live, HandoffMode::whatsapp, HandoffMode::callback, HandoffMode::email};
  REQUIRE(handoff_modes().size() == std::size(all));
  for (std::size_t i = 0; i < std::size(all); ++i) {
    CHECK(handoff_modes()[i].mode == all[i]);
    CHECK(&handoff_mode(all[i]) == &handoff_modes()[i]);
  }

  AgentDirectory nobody({});
  AgentDirectory ana({AgentConfig{"Ana", "+15551230001"}});
  CallSettings with_mail;
  with_mail.mail = MailSettings{"Shop <help@shop.example>", "team@shop.example", "shop.example"};

  HandoffSetup bare{nobody, CallSettings{}};
  CHECK(offered_modes(bare, OfferFacts{true, true}) == std::vector{HandoffMode::live});
  CHECK(handoff_mode(HandoffMode::callback).set_up(bare) == false);
  CHECK(handoff_mode(HandoffMode::whatsapp).set_up(bare) == false);
  CHECK(handoff_mode(HandoffMode::email).set_up(bare) == false);

  HandoffSetup full{ana, with_mail, true};
  CHECK(offered_modes(full, OfferFacts{true, true}) ==
        std::vector{HandoffMode::live, HandoffMode::whatsapp, HandoffMode::callback, HandoffMode::email});
  // Nobody reachable and no free slot: leaving a message is still a way.
  CHECK(offered_modes(full, OfferFacts{false, false}) == std::vector{HandoffMode::email});
  CHECK(offered_modes(full, OfferFacts{false, true}) == std::vector{HandoffMode::callback, HandoffMode::email});

  // Only the e-mail mode keeps no agent's attention, so it is not summarized.
  CHECK_FALSE(handoff_mode(HandoffMode::email).reaches_agent);
  CHECK(handoff_mode(HandoffMode::live).reaches_agent);
}
