#pragma once
// Export and erase everything about one visitor, and the retention policy
// that erases chats nobody touched for --retention-days (docs/security.md,
// "Privacy"). Transactions over the store; the admin API and the widget's
// "Delete this conversation" call them through ConversationService.

#include <cstdint>
#include <string>
#include <vector>

#include "relay/conversation/session_log.hpp"
#include "relay/store/records.hpp"
#include "relay/store/store_tx.hpp"

namespace baton {

// One of the three names a visitor's data can be found by.
struct VisitorSelector {
  std::string session_id;
  std::string phone;  // E.164
  std::string email;

  bool empty() const { return session_id.empty() && phone.empty() && email.empty(); }
};

// Everything kept about one chat.
struct ChatDossier {
  SessionRecord session;
  std::vector<Message> messages;
  std::vector<CallRecord> calls;
  std::vector<MailRecord> mails;
  std::vector<ConsentRecord> consents;
};

std::vector<std::string> sessions_selected(StoreTx& tx, const VisitorSelector& who);
std::vector<ChatDossier> export_visitor(StoreTx& tx, const VisitorSelector& who);
// Erases every chat selected; returns their ids. The agent of a chat under
// way, or of a call booked in it, is told on WhatsApp.
std::vector<std::string> erase_visitor_tx(SessionLog& log, const VisitorSelector& who);
// Erases up to `batch` chats with nothing new since `before_ms`; returns how many.
std::size_t expire_chats_tx(StoreTx& tx, std::int64_t before_ms, std::size_t batch);

}  // namespace baton
