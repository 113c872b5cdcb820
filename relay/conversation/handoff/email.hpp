#pragma once
// "Leave a message": nobody can answer now, or the visitor prefers e-mail.
// Their message, details and the whole conversation are queued for the
// support address (and a copy for the visitor when asked), in the same
// commit that tells them; the chat ends.

#include <string>

#include "common/protocol/handoff.hpp"
#include "relay/conversation/mail_transactions.hpp"
#include "relay/conversation/session_log.hpp"

namespace baton {

// Refused: conflict when an agent has the chat now.
HandoffState handoff_email_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                              const MailSettings& mail);

}  // namespace baton
