#pragma once
// The ways a visitor can reach a person, as one table: each mode's name is
// HandoffMode (common/protocol/handoff.hpp); here are when this relay can do
// it at all, when it is offered, what it needs of a request, and what it
// does (one file each: live, whatsapp, callback, email). A fifth mode is a
// row here, a file beside them, a panel in the widget and a page of docs.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/protocol/handoff.hpp"
#include "relay/conversation/agent_directory.hpp"
#include "relay/conversation/handoff/callback.hpp"
#include "relay/conversation/handoff/request_rules.hpp"
#include "relay/conversation/mail_transactions.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/core/refusal.hpp"

namespace baton {

// What the modes need besides the request.
struct HandoffSetup {
  const AgentDirectory& agents;
  CallSettings calls;            // a copy: an admin may change the hours meanwhile; .mail when e-mail is set up
  bool business_number = false;  // wa.me links need the business's number
  // Who asks (a limit key; empty: not limited) and how many chats with a
  // person one address may hold at once (0: any number).
  std::string address = {};
  std::uint32_t open_handoffs_per_address = 0;
  // The ways the site owner offers (the admin page's widget settings); empty: all.
  std::vector<HandoffMode> ways = {};
  // Whether the WhatsApp account can send now (relay/whatsapp/account_health.hpp).
  bool whatsapp_sends = true;
};

// What availability found, for deciding which modes to offer now.
struct OfferFacts {
  bool agent_reachable = false;     // a chat now would reach an agent (Availability::live_offered)
  bool callback_slot_free = false;  // a call-back slot is free in the next 7 days
};

struct HandoffModeSpec {
  HandoffMode mode;
  // Whether this relay can do it at all; when not, a request is refused
  // with mode_unavailable and `not_set_up`.
  bool (*set_up)(const HandoffSetup& setup);
  std::string_view not_set_up;
  bool (*offered)(const HandoffSetup& setup, const OfferFacts& facts);
  RequestRules rules;
  // A model may first summarize the chat for the agent who will read it.
  bool reaches_agent;
  // Sends the team an e-mail: also limited by --limit-emails-per-*.
  bool mails_team;
  // Someone must read a WhatsApp message now: neither offered nor taken while
  // the account cannot send. (A call-back's agent hears of it by the call's
  // time; queued notices go when the account works again.)
  bool needs_whatsapp_now;
  HandoffState (*hand_over)(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                            const HandoffSetup& setup, const std::optional<std::string>& gist);
};

// In the order the widget offers them.
const std::vector<HandoffModeSpec>& handoff_modes();
const HandoffModeSpec& handoff_mode(HandoffMode mode);

// The refusal of a request for `mode` when this relay is not set up for it.
Refusal mode_unavailable(const HandoffModeSpec& mode);

// The modes to offer now, in order.
std::vector<HandoffMode> offered_modes(const HandoffSetup& setup, const OfferFacts& facts);

// Checks the request against its mode's rules, then hands the chat over in
// that mode. Refused as the rules and the mode say.
HandoffState hand_over_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                          const HandoffSetup& setup, const std::optional<std::string>& gist = {});

}  // namespace baton
