// The WhatsApp account's circuit: opened by an account error, probed with a
// growing wait, closed by a probe (nothing waiting) or by a message that got
// through after one (something waiting); and the templates Meta paused.

#include <doctest/doctest.h>

#include "relay/whatsapp/account_health.hpp"

using baton::AccountHealth;
using State = AccountHealth::State;

namespace {
constexpr std::int64_t t0 = 1'764'000'000'000;
}

TEST_CASE("account health: an account error stops sending until a probe and a trial message prove it works") {
  AccountHealth health;
  CHECK(health.can_send());
  CHECK(health.degraded_reason().empty());

  CHECK(health.account_failed(190, "(#190) Invalid OAuth access token", t0) == AccountHealth::Opened::yes);
  CHECK(health.state() == State::blocked);
  CHECK_FALSE(health.can_send());
  CHECK(health.next_probe_ms() == t0 + AccountHealth::first_probe_ms);
  CHECK(health.degraded_reason().find("(#190) Invalid OAuth access token") != std::string::npos);
  // Told once: a second message failing the same way is no news.
  CHECK(health.account_failed(190, "(#190) Invalid OAuth access token", t0 + 10) == AccountHealth::Opened::no);
  CHECK(health.problem()->since_ms == t0);

  // Each failed probe waits twice as long, up to a minute.
  health.probe_failed(t0 + 2000);
  CHECK(health.next_probe_ms() == t0 + 2000 + 4000);
  for (int i = 0; i < 10; ++i) health.probe_failed(t0 + 10000);
  CHECK(health.next_probe_ms() == t0 + 10000 + AccountHealth::longest_probe_ms);
  // The admin changed the token: probe now.
  health.probe_now(t0 + 20000);
  CHECK(health.next_probe_ms() == t0 + 20000);

  // The read works and messages wait: one goes first.
  CHECK_FALSE(health.probe_worked(true, t0 + 20000));
  CHECK(health.state() == State::trial);
  CHECK(health.can_send());
  CHECK(health.message_accepted(t0 + 21000));
  CHECK(health.state() == State::healthy);
  CHECK_FALSE(health.problem());
  CHECK(health.degraded_reason().empty());
  CHECK_FALSE(health.message_accepted(t0 + 22000));

  // Failing again soon after is the same outage: not reported anew, and
  // the probes go on from the longer wait.
  CHECK(health.account_failed(131042, "(#131042) Business eligibility payment issue", t0 + 30000) ==
        AccountHealth::Opened::again);
  CHECK(health.next_probe_ms() == t0 + 30000 + 2 * AccountHealth::first_probe_ms);
  // Much later it is news again, from the first wait.
  health.probe_worked(false, t0 + 40000);
  CHECK(health.account_failed(190, "(#190) expired", t0 + 40000 + AccountHealth::relapse_ms + 1) ==
        AccountHealth::Opened::yes);
}

TEST_CASE("account health: a trial message that fails again reopens the circuit with a longer wait") {
  AccountHealth health;
  health.account_failed(131031, "(#131031) Account has been locked", t0);
  // A locked account still reads its number: the probe passes, the trial does not.
  health.probe_worked(true, t0 + 2000);
  CHECK(health.state() == State::trial);
  CHECK(health.account_failed(131031, "(#131031) Account has been locked", t0 + 3000) == AccountHealth::Opened::no);
  CHECK(health.state() == State::blocked);
  CHECK(health.next_probe_ms() == t0 + 3000 + 2 * AccountHealth::first_probe_ms);
  CHECK(health.problem()->since_ms == t0);
  // With nothing waiting, a working probe is all the proof there can be.
  CHECK(health.probe_worked(false, t0 + 8000));
  CHECK(health.state() == State::healthy);
}

TEST_CASE("account health: paused and disabled templates are reported until approved again") {
  AccountHealth health;
  health.template_status("baton_continue", "PAUSED", "LOW_QUALITY");
  health.template_status("baton_reconnect", "DISABLED", "NONE");
  CHECK(health.can_send());
  CHECK(health.troubled_templates().size() == 2);
  auto reason = health.degraded_reason();
  CHECK(reason.find("WhatsApp template baton_continue is PAUSED: LOW_QUALITY") != std::string::npos);
  CHECK(reason.find("WhatsApp template baton_reconnect is DISABLED") != std::string::npos);
  health.template_status("baton_continue", "REINSTATED", "");
  health.template_status("baton_reconnect", "APPROVED", "");
  CHECK(health.degraded_reason().empty());
}
