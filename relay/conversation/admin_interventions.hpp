#pragma once
// What an admin may do to a conversation from the console or the admin API
// (relay/api/admin_actions.hpp), as transactions: send a waiting WhatsApp
// copy now instead of after its backoff, and end a chat. Each refuses with
// a sentence that says why when the row or chat is not in a state for it.

#include <cstdint>
#include <string>

#include "relay/conversation/session_log.hpp"

namespace baton {

struct RetriedRow {
  OutboxRecord row;
  std::int64_t was_due_ms = 0;  // when the backoff would have let it go
};

// A row waiting out a backoff after failed attempts (or not yet tried) goes
// to the front of its recipient's line now. Rows sent, failed for good, in
// flight (the Cloud API may still answer: sending again could make a second
// copy) or waiting for the recipient's 24-hour window are refused (409).
RetriedRow retry_send_now_tx(SessionLog& log, std::int64_t row_id);

struct EndedChat {
  SessionRecord session;
  SessionState was = SessionState::bot;
};

// Ends a chat (by id or reference code) as its agent's /end would: the agent
// (if any) is told on WhatsApp and what waits for them is not sent; the
// visitor is told in the widget and on WhatsApp; what they write next starts
// a new conversation with the assistant, so nothing goes into a void. A chat
// already ended, or with a booked call (cancel the call instead), is refused.
EndedChat end_chat_by_admin_tx(SessionLog& log, const std::string& id_or_code);

}  // namespace baton
