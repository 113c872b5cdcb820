#include "relay/conversation/handoff/live.hpp"

#include "relay/conversation/handoff/handover.hpp"
#include "relay/conversation/session_transactions.hpp"

namespace baton {

HandoffState handoff_live_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                             const AgentDirectory& agents, const std::optional<std::string>& model_gist) {
  auto session = require_session(log, session_id);
  return hand_to_agent(log, session, request, agents, model_gist, HandoffMode::live);
}

std::size_t offer_after_long_wait_tx(SessionLog& log, std::int64_t wait_limit_ms, const std::string& assistant_name) {
  std::size_t offered = 0;
  for (const auto& session_id : log.tx().queue().overdue(log.now_ms() - wait_limit_ms, 50)) {
    auto session = log.tx().sessions().find(session_id);
    if (!session || session->state != SessionState::waiting) {
      log.tx().queue().end_wait(session_id);
      continue;
    }
    // The chat stays in the queue; the visitor may now choose another way.
    Message offer;
    offer.author = Author::bot;
    offer.author_name = assistant_name;
    offer.kind = MessageKind::handoff_offer;
    offer.text = visitor_sentence(VisitorText::offer_after_wait, *session);
    log.append(session_id, offer);
    log.tx().queue().mark_offered(session_id, log.now_ms());
    ++offered;
  }
  return offered;
}

}  // namespace baton
