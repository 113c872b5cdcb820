#include "relay/conversation/privacy.hpp"

#include <algorithm>

namespace baton {

std::vector<std::string> sessions_selected(StoreTx& tx, const VisitorSelector& who) {
  auto ids = tx.privacy().sessions_of_visitor(who.phone, who.email);
  if (!who.session_id.empty() && tx.sessions().find(who.session_id)) ids.push_back(who.session_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<ChatDossier> export_visitor(StoreTx& tx, const VisitorSelector& who) {
  std::vector<ChatDossier> out;
  for (const auto& id : sessions_selected(tx, who)) {
    auto session = tx.sessions().find(id);
    if (!session) continue;
    ChatDossier dossier{*session, {}, tx.calls().for_session(id), tx.mail().for_session(id), tx.privacy().consents(id)};
    // Every message, page by page: a long chat is not cut.
    for (std::uint64_t after = 0;;) {
      auto page = tx.messages().after(id, after, 500);
      if (page.empty()) break;
      after = page.back().seq;
      dossier.messages.insert(dossier.messages.end(), page.begin(), page.end());
    }
    out.push_back(std::move(dossier));
  }
  return out;
}

namespace {

// An agent in the middle of the chat, or with a call booked in it, is told
// it is gone: else they would write into nothing, or phone someone who
// asked to be forgotten (found on review). No name or number: only the
// chat's code, which the agent has already.
void tell_agents_of_erasure(SessionLog& log, const std::string& session_id) {
  auto session = log.tx().sessions().find(session_id);
  if (!session) return;
  auto call = log.tx().calls().booked_for_session(session_id, log.now_ms());
  bool with_agent = !session->agent_phone.empty() &&
                    (session->state == SessionState::live || session->state == SessionState::waiting);
  const std::string gone = "The visitor of chat #" + session->code + " deleted the conversation.";
  if (call && !call->agent_phone.empty()) {
    log.queue_whatsapp({}, call->agent_phone, OutboxPurpose::notice,
                       gone + " Their booked call is cancelled: please do not call them.");
  }
  if (with_agent && (!call || call->agent_phone != session->agent_phone)) {
    log.queue_whatsapp({}, session->agent_phone, OutboxPurpose::notice, gone + " Nothing more can be sent in it.");
  }
}

// One chat, its files included.
void erase_chat(StoreTx& tx, const std::string& session_id) {
  tx.attachments().remove_session(session_id);
  tx.privacy().erase_session(session_id);
}

}  // namespace

std::vector<std::string> erase_visitor_tx(SessionLog& log, const VisitorSelector& who) {
  auto ids = sessions_selected(log.tx(), who);
  for (const auto& id : ids) {
    tell_agents_of_erasure(log, id);
    erase_chat(log.tx(), id);
  }
  return ids;
}

std::size_t expire_chats_tx(StoreTx& tx, std::int64_t before_ms, std::size_t batch) {
  auto ids = tx.privacy().idle_since(before_ms, batch);
  for (const auto& id : ids) erase_chat(tx, id);
  return ids.size();
}

}  // namespace baton
