#include "relay/conversation/handoff/handover.hpp"

#include "common/limits.hpp"
#include "common/time_format.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/handoff_gist.hpp"
#include "relay/core/refusal.hpp"

namespace baton {

// What the widget knows at handoff time refreshes what it sent at opening;
// the form's fields win over identify()'s.
void merge_context(VisitorContext& context, const HandoffRequest& request) {
  const auto& fresh = request.context;
  for (auto [field, value] :
       {std::pair{&context.page_url, &fresh.page_url}, std::pair{&context.page_title, &fresh.page_title},
        std::pair{&context.referrer, &fresh.referrer}, std::pair{&context.language, &fresh.language},
        std::pair{&context.ui_language, &fresh.ui_language}, std::pair{&context.time_zone, &fresh.time_zone},
        std::pair{&context.user_agent, &fresh.user_agent}, std::pair{&context.name, &fresh.name},
        std::pair{&context.email, &fresh.email}, std::pair{&context.phone, &fresh.phone},
        std::pair{&context.name, &request.name}, std::pair{&context.email, &request.email},
        std::pair{&context.phone, &request.phone}}) {
    if (!value->empty()) *field = *value;
  }
  if (!fresh.pages.empty()) context.pages = fresh.pages;
  for (const auto& [key, value] : fresh.utm) context.utm[key] = value;
  for (const auto& [key, value] : fresh.traits) context.traits[key] = value;
}

HandoffSummary handoff_summary(SessionLog& log, const SessionRecord& session,
                               const std::optional<std::string>& model_gist) {
  HandoffSummary summary;
  summary.code = session.code;
  summary.visitor = session.context;
  if (model_gist) {
    summary.gist = gist_lines(*model_gist);
    summary.gist_by_model = !summary.gist.empty();
  }
  if (summary.gist.empty()) summary.gist = extractive_gist(log.tx(), session.id);
  // The newest part matters most when a long chat must be cut.
  auto newest = log.tx().messages().latest(session.id, limits::messages_per_page);
  for (const auto& m : newest) {
    if (m.author == Author::system || !says_something(m.kind)) continue;
    summary.transcript.push_back(TranscriptLine{m.author, m.author_name, m.text});
  }
  if (newest.size() == limits::messages_per_page) {
    summary.earlier_lines = log.tx().messages().count_before(session.id, newest.front().seq);
  }
  return summary;
}

HandoffState hand_to_agent(SessionLog& log, SessionRecord& session, const HandoffRequest& request,
                           const AgentDirectory& agents, const std::optional<std::string>& model_gist,
                           HandoffMode mode) {
  const auto& session_id = session.id;
  const auto current = agents.find_by_phone(session.agent_phone);
  if ((session.state == SessionState::waiting || session.state == SessionState::live) && current) {
    // A chat with an agent may move on to WhatsApp; one already there stays.
    if (session.mode != mode && mode == HandoffMode::whatsapp) {
      merge_context(session.context, request);
      session.mode = mode;
      session.updated_ms = log.now_ms();
      log.tx().sessions().update(session);
    }
    return HandoffState{session.mode, session.state, session.code, current->name};
  }
  if (log.tx().calls().booked_for_session(session_id, log.now_ms())) {
    throw Refused(
        Refusal{RefusalKind::conflict, "already_booked", "a call is booked for this chat; cancel it to chat now"});
  }
  if (auto hours = agents.hours(); hours && !hours->is_open(log.now_ms())) {
    auto next = hours->next_open(log.now_ms());
    throw Refused(
        Refusal{RefusalKind::conflict, "closed",
                "nobody is here right now" + (next ? "; we open again at " + format_rfc3339(*next) : std::string())});
  }
  auto agent = agents.choose(log.tx(), log.now_ms());
  if (!agent)
    throw Refused(Refusal{RefusalKind::conflict, "no_agent_available", "no agent can take a live chat right now"});

  merge_context(session.context, request);
  log.effects().availability_may_change = true;  // the agent has one chat more
  log.tx().queue().start_wait(session_id, log.now_ms());
  session.state = SessionState::waiting;
  session.mode = mode;
  session.agent_phone = agent->phone;
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);

  auto summary = handoff_summary(log, session, model_gist);
  log.append_system(session_id, MessageKind::handoff_requested, agent->name,
                    "You asked for a person. " + agent->name + " has the conversation and will answer here.");
  log.effects().publish(session_id, StateChange{SessionState::waiting, agent->name, {}});

  log.queue_whatsapp(session_id, agent->phone, OutboxPurpose::handoff, format_handoff_message(summary));
  point_agent_at(log.tx(), agent->phone, session_id);

  // An Accept button for the chosen agent, and the same offer to everyone
  // else present with room and an open window: the first to accept has it.
  auto who = session.context.name.empty() ? std::string("a visitor") : session.context.name;
  for (const auto& status : agents.statuses(log.tx(), log.now_ms())) {
    bool chosen = status.agent.phone == agent->phone;
    if (!chosen && (!status.can_take_chat() || !status.window_open)) continue;
    log.queue_whatsapp(session_id, status.agent.phone, OutboxPurpose::offer,
                       chosen ? "Chat #" + session.code + " with " + who +
                                    " is waiting for you. Tap Accept, or simply reply."
                              : "Chat #" + session.code + " with " + who + " is waiting (offered to " + agent->name +
                                    "). Tap Accept to take it.",
                       OutboxKind::accept_button);
  }
  return HandoffState{mode, SessionState::waiting, session.code, agent->name};
}

}  // namespace baton
