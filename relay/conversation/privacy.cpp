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

std::vector<std::string> erase_visitor_tx(StoreTx& tx, const VisitorSelector& who) {
  auto ids = sessions_selected(tx, who);
  for (const auto& id : ids) {
    tx.attachments().remove_session(id);
    tx.privacy().erase_session(id);
  }
  return ids;
}

std::size_t expire_chats_tx(StoreTx& tx, std::int64_t before_ms, std::size_t batch) {
  auto ids = tx.privacy().idle_since(before_ms, batch);
  for (const auto& id : ids) {
    tx.attachments().remove_session(id);
    tx.privacy().erase_session(id);
  }
  return ids.size();
}

}  // namespace baton
