#pragma once
// Mail as transactions: composed once and stored in the commit that asks
// for it (the e-mail fallback, handoff/email.cpp; a call's confirmation,
// handoff/callback.cpp); the mail worker sends it and records here how each
// attempt went.

#include <string>

#include "common/protocol/handoff.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/mail/mail_message.hpp"
#include "relay/mail/smtp_sender.hpp"

namespace baton {

struct MailSettings {
  std::string from;                      // "Shop <support@shop.example>"
  std::string support_address;           // where messages go
  std::string domain = "baton.invalid";  // for Message-IDs
};

// Composes `content` now and queues it for the mail worker, in this commit.
void queue_mail(SessionLog& log, const std::string& session_id, const std::string& purpose, MailContent content);

// After an attempt: sent, retried later with backoff, or failed for good
// (a permanent refusal, or too many attempts), in which case the visitor's
// chat says so.
void record_mail_attempt_tx(SessionLog& log, std::int64_t mail_id, const SmtpResult& result,
                            std::int64_t first_retry_ms = 30000);

// For relays sharing a store (a cluster): the due mail this relay sends,
// each pushed `lease_ms` into the future in the same transaction so no
// other relay sends it meanwhile. Read locked, so two relays' claims take
// turns; a relay that dies mid-send leaves the mail due again after the lease.
std::vector<MailRecord> claim_due_mail_tx(SessionLog& log, std::size_t limit, std::int64_t lease_ms);

inline constexpr std::int64_t max_mail_attempts = 8;
// Copies for visitors, whose addresses nobody confirmed (more are skipped).
inline constexpr std::int64_t max_copies_per_hour = 30;
inline constexpr std::int64_t max_copies_per_address_per_day = 3;

}  // namespace baton
