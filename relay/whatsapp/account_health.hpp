#pragma once
// Whether the WhatsApp account can send at all: a circuit breaker for errors
// that are the account's, not a message's (kind_of_error's `account`: an
// expired or revoked token, a missing permission, a locked or restricted
// account, a payment problem). Every message would fail the same way, so the
// outbox stops sending and keeps every row instead of failing them one by
// one; a harmless read of the phone number probes it, first after 2 s, then
// doubling to a minute; when the read works one message goes as a trial, and
// its acceptance closes the circuit. While it is open /healthz says
// "degraded", live agents are not offered, and the admin is told.
//
// It also remembers templates Meta paused or disabled (template status
// webhooks, or 132015/132016 on a send), which /healthz reports too.
//
// No I/O: the outbox worker drives it on an injected clock. Read from the
// event loop and the store's writer, so it locks.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace baton {

struct AccountProblem {
  std::int64_t code = 0;
  std::string description;  // Meta's "(#190) …"
  std::int64_t since_ms = 0;
};

class AccountHealth {
 public:
  enum class State {
    healthy,  // sending
    blocked,  // not sending; a probe is due at next_probe_ms()
    trial,    // the probe worked: one message may go to prove it
  };
  static constexpr std::int64_t first_probe_ms = 2000;
  static constexpr std::int64_t longest_probe_ms = 60000;
  // Failing again this soon after closing is the same outage coming back
  // (a payment problem Meta reports only in later `failed` statuses, while
  // the probe and the trial's answer look fine): the wait keeps growing and
  // nobody is told twice.
  static constexpr std::int64_t relapse_ms = 10 * 60 * 1000;

  enum class Opened { no, yes, again };
  // An account error: stop sending. `yes` when this opened the circuit, so
  // the caller reports it; `again` when it reopened within relapse_ms.
  Opened account_failed(std::int64_t code, std::string description, std::int64_t now_ms);
  // A message was accepted: the account works. Returns true when this closed
  // the circuit.
  bool message_accepted(std::int64_t now_ms);
  // The probe read answered: with messages waiting, one goes as a trial;
  // with none, the account is taken as working. Returns true when that
  // closed the circuit.
  bool probe_worked(bool messages_waiting, std::int64_t now_ms);
  // The probe failed too (the same error, another, or no answer): wait longer.
  void probe_failed(std::int64_t now_ms);
  // Probe at once (the admin changed the account, or tested it).
  void probe_now(std::int64_t now_ms);

  State state() const;
  bool can_send() const { return state() != State::blocked; }
  std::optional<AccountProblem> problem() const;
  std::int64_t next_probe_ms() const;

  // A template's status from Meta ("APPROVED", "PAUSED", "DISABLED", …):
  // any but APPROVED or REINSTATED keeps it listed with `reason`.
  void template_status(const std::string& name, const std::string& status, const std::string& reason);
  std::map<std::string, std::string> troubled_templates() const;  // name, "PAUSED: reason"

  // What /healthz says after "degraded: ", or empty when all is well.
  std::string degraded_reason() const;

 private:
  void close(std::int64_t now_ms);  // with mutex_ held

  mutable std::mutex mutex_;
  State state_ = State::healthy;
  std::optional<AccountProblem> problem_;
  std::int64_t next_probe_ms_ = 0;
  std::int64_t probe_wait_ms_ = first_probe_ms;
  std::optional<std::int64_t> closed_ms_;  // when the circuit last closed
  std::map<std::string, std::string> templates_;
};

std::string_view to_string(AccountHealth::State state);

}  // namespace baton
