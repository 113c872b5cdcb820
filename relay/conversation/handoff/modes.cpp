#include "relay/conversation/handoff/modes.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/lang.hpp"
#include "common/text_policy.hpp"
#include "relay/conversation/handoff/email.hpp"
#include "relay/conversation/handoff/live.hpp"
#include "relay/conversation/handoff/whatsapp.hpp"
#include "relay/core/refusal.hpp"

namespace baton {
namespace {

std::vector<HandoffModeSpec> make_table() {
  return {
      {HandoffMode::live,
       [](const HandoffSetup&) { return true; },
       {},
       [](const HandoffSetup&, const OfferFacts& facts) { return facts.agent_reachable; },
       RequestRules{},
       true,
       false,
       true,
       [](SessionLog& log, const std::string& id, const HandoffRequest& request, const HandoffSetup& setup,
          const std::optional<std::string>& gist) { return handoff_live_tx(log, id, request, setup.agents, gist); }},
      {HandoffMode::whatsapp, [](const HandoffSetup& setup) { return setup.business_number; },
       "this relay has no business WhatsApp number; see availability.options",
       [](const HandoffSetup& setup, const OfferFacts& facts) {
         return facts.agent_reachable && setup.business_number;
       },
       RequestRules{.consent_for = "continuing on WhatsApp", .phone = true}, true, false, true,
       [](SessionLog& log, const std::string& id, const HandoffRequest& request, const HandoffSetup& setup,
          const std::optional<std::string>& gist) {
         return handoff_whatsapp_tx(log, id, request, setup.agents, gist);
       }},
      {HandoffMode::callback, [](const HandoffSetup& setup) { return !setup.agents.empty(); },
       "this relay has no agents to call back; see availability.options",
       [](const HandoffSetup&, const OfferFacts& facts) { return facts.callback_slot_free; },
       RequestRules{.consent_for = "a call-back", .phone = true, .slot = true, .ascii_email = true}, true, false, false,
       [](SessionLog& log, const std::string& id, const HandoffRequest& request, const HandoffSetup& setup,
          const std::optional<std::string>& gist) {
         return book_call_tx(log, id, request, setup.agents, setup.calls, gist);
       }},
      // Leaving a message is always a way when e-mail is set up: the only one
      // when nobody can answer, and the one some visitors prefer anyway.
      {HandoffMode::email, [](const HandoffSetup& setup) { return setup.calls.mail.has_value(); },
       "this relay has no e-mail fallback; see availability.options",
       [](const HandoffSetup& setup, const OfferFacts&) { return setup.calls.mail.has_value(); },
       RequestRules{.email = true, .ascii_email = true, .message = true}, false, true, false,
       [](SessionLog& log, const std::string& id, const HandoffRequest& request, const HandoffSetup& setup,
          const std::optional<std::string>&) { return handoff_email_tx(log, id, request, *setup.calls.mail); }},
  };
}

}  // namespace

const std::vector<HandoffModeSpec>& handoff_modes() {
  static const std::vector<HandoffModeSpec> table = make_table();
  return table;
}

const HandoffModeSpec& handoff_mode(HandoffMode mode) {
  for (const auto& spec : handoff_modes()) {
    if (spec.mode == mode) return spec;
  }
  throw std::logic_error("handoff mode missing from the table: " + std::string(to_string(mode)));
}

namespace {

// Kept with the chat in the same transaction as the handoff it allowed. The
// language is the widget's if it names one Baton speaks, else the chat's.
void record_consent(SessionLog& log, const std::string& session_id, const HandoffRequest& request) {
  ConsentRecord consent{session_id, request.mode, log.now_ms(), {}, clean_line(request.consent_text)};
  if (auto lang = lang_from_tag(request.consent_language)) {
    consent.language = std::string(to_string(*lang));
  } else if (auto session = log.tx().sessions().find(session_id)) {
    consent.language = session->context.language;
  }
  // A retried request (its answer was lost) repeats the same consent: one
  // record of it, not one per try (found on review).
  auto kept = log.tx().privacy().consents(session_id);
  if (std::any_of(kept.begin(), kept.end(), [&](const ConsentRecord& c) {
        return c.mode == consent.mode && c.wording == consent.wording && c.language == consent.language;
      })) {
    return;
  }
  log.tx().privacy().record_consent(consent);
}

}  // namespace

Refusal mode_unavailable(const HandoffModeSpec& mode) {
  return Refusal{RefusalKind::invalid, "mode_unavailable", std::string(mode.not_set_up)};
}

bool site_offers(const HandoffSetup& setup, HandoffMode mode) {
  return setup.ways.empty() || std::find(setup.ways.begin(), setup.ways.end(), mode) != setup.ways.end();
}

std::vector<HandoffMode> offered_modes(const HandoffSetup& setup, const OfferFacts& facts) {
  std::vector<HandoffMode> modes;
  for (const auto& spec : handoff_modes()) {
    if (spec.needs_whatsapp_now && !setup.whatsapp_sends) continue;
    if (spec.set_up(setup) && spec.offered(setup, facts) && site_offers(setup, spec.mode)) modes.push_back(spec.mode);
  }
  return modes;
}

HandoffState hand_over_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                          const HandoffSetup& setup, const std::optional<std::string>& gist) {
  const auto& spec = handoff_mode(request.mode);
  if (!spec.set_up(setup)) throw Refused(mode_unavailable(spec));
  if (!site_offers(setup, request.mode)) {
    throw Refused(Refusal{RefusalKind::invalid, "mode_unavailable",
                          "this site does not offer " + std::string(to_string(request.mode)) + " (its admin page)"});
  }
  if (spec.needs_whatsapp_now && !setup.whatsapp_sends) {
    // Nothing is stored: the visitor picks another way at once instead of
    // waiting for an agent whom no message can reach.
    throw Refused(Refusal{RefusalKind::unavailable, "whatsapp_unavailable",
                          "WhatsApp cannot reach the team right now; see availability.options for the ways open"});
  }
  auto with_person = [](SessionState s) { return s == SessionState::waiting || s == SessionState::live; };
  bool held_before = false;
  if (!setup.address.empty()) {
    if (auto session = log.tx().sessions().find(session_id)) held_before = with_person(session->state);
  }
  auto state = spec.hand_over(log, session_id, checked_request(request, spec.rules), setup, gist);
  // A chat that now takes an agent's time counts against its address. Past
  // the limit the handoff is undone whole (nothing sent, nothing stored):
  // fake chats from one address cannot take every agent.
  if (!setup.address.empty() && !held_before && with_person(state.state)) {
    auto limit = setup.open_handoffs_per_address;
    if (limit > 0 && log.tx().sessions().count_with_person_from(setup.address, session_id) >= limit) {
      throw Refused(Refusal{RefusalKind::conflict, "too_many_open_chats",
                            "this address already has " + std::to_string(limit) +
                                " chats with a person; end one before asking again"});
    }
    log.tx().sessions().set_handoff_address(session_id, setup.address);
  }
  if (request.consent) record_consent(log, session_id, request);
  return state;
}

}  // namespace baton
