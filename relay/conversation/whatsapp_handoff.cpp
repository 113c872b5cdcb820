#include "relay/conversation/whatsapp_handoff.hpp"

#include "common/handoff_text.hpp"
#include "common/phone.hpp"
#include "common/reference_code.hpp"
#include "common/utf8.hpp"
#include "relay/api/api_error.hpp"
#include "relay/conversation/session_transactions.hpp"

namespace baton {
namespace {

constexpr std::int64_t day_ms = 24LL * 3600 * 1000;

bool open_with_agent(const SessionRecord& s) {
  return (s.state == SessionState::waiting || s.state == SessionState::live) && !s.agent_phone.empty();
}

void queue_to_visitor(SessionLog& log, const SessionRecord& session, std::string purpose, std::string body,
                      OutboxKind kind = OutboxKind::text) {
  OutboxRecord out;
  out.kind = kind;
  out.session_id = session.id;
  out.recipient = session.visitor_whatsapp;
  out.purpose = std::move(purpose);
  out.body = std::move(body);
  log.queue_whatsapp(out);
}

void notify_agent(SessionLog& log, const SessionRecord& session, std::string text) {
  OutboxRecord out;
  out.session_id = session.id;
  out.recipient = session.agent_phone;
  out.purpose = "notice";
  out.body = std::move(text);
  log.queue_whatsapp(out);
}

// "Chat #K7P2QX", "#k7p2qx hello", "K7P2QX": the code the wa.me link typed,
// and what follows it. Only a code at the start counts.
std::optional<std::pair<std::string, std::string>> code_in(const std::string& text) {
  std::string_view rest = text;
  auto skip_space = [&] {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n' || rest.front() == '\t')) rest.remove_prefix(1);
  };
  skip_space();
  for (std::string_view lead : {"Chat ", "chat ", "CHAT "}) {
    if (rest.starts_with(lead)) rest.remove_prefix(lead.size());
  }
  skip_space();
  auto end = rest.find_first_of(" \t\n:,.!");
  auto word = rest.substr(0, end);
  // A bare word only counts with its '#': "HELLO1" is not a code.
  if (!word.starts_with('#')) return std::nullopt;
  auto code = normalize_reference_code(word);
  if (!code) return std::nullopt;
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  while (!rest.empty() && std::string_view(" \t\n:,.!").find(rest.front()) != std::string_view::npos) {
    rest.remove_prefix(1);
  }
  return std::make_pair(*code, std::string(rest));
}

void reply_to_sender(SessionLog& log, const std::string& recipient, std::string text) {
  OutboxRecord out;
  out.recipient = recipient;
  out.purpose = "notice";
  out.body = std::move(text);
  log.queue_whatsapp(out);
}

}  // namespace

HandoffState handoff_whatsapp_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                                 const AgentDirectory& agents, const std::optional<std::string>& model_gist) {
  if (!request.consent) {
    throw ApiFailure(ApiError{400, "consent_required", "continuing on WhatsApp needs the visitor's consent"});
  }
  auto phone = normalize_e164(request.phone);
  if (!phone) throw ApiFailure(ApiError{400, "invalid_phone", "phone must be a number in international form, +..."});
  if (agents.find_by_phone(*phone)) {
    throw ApiFailure(ApiError{400, "invalid_phone", "that number belongs to an agent of this business"});
  }
  auto session = require_session(log, session_id);
  if (session.mode == HandoffMode::whatsapp && session.visitor_whatsapp == *phone && open_with_agent(session)) {
    const auto* agent = agents.find_by_phone(session.agent_phone);
    return HandoffState{HandoffMode::whatsapp, session.state, session.code, agent ? agent->name : std::string()};
  }
  if (log.tx().outbox().count_since("continue", *phone, log.now_ms() - day_ms) >=
      continue_templates_per_number_per_day) {
    throw ApiFailure(ApiError{429, "too_many_requests",
                              "this number was sent several WhatsApp messages today; write to us on WhatsApp instead"});
  }
  auto state = hand_to_agent(log, session, request, agents, model_gist, HandoffMode::whatsapp);
  session = require_session(log, session_id);
  bool new_number = session.visitor_whatsapp != *phone;
  session.visitor_whatsapp = *phone;
  if (new_number) session.whatsapp_joined_ms = 0;
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);

  // The template's one parameter names the chat and what it is about.
  auto summary = handoff_summary(log, session, model_gist);
  std::string about = "#" + session.code + " with " + state.agent_name;
  if (!summary.gist.empty()) about += " (" + std::string(utf8::take_first(summary.gist.front(), 160)) + ")";
  queue_to_visitor(log, session, "continue", about, OutboxKind::template_message);
  log.append_system(session.id, MessageKind::notice, {},
                    "We sent a WhatsApp message about chat #" + session.code + " to " + *phone + ". " +
                        state.agent_name + " answers there and here.");
  notify_agent(log, session,
               "#" + session.code + ": the visitor continues on WhatsApp (" + *phone +
                   "). What you write in this chat reaches them there too.");
  return state;
}

void mirror_to_visitor_whatsapp(SessionLog& log, const SessionRecord& session, const Message& message) {
  if (session.mode != HandoffMode::whatsapp || session.visitor_whatsapp.empty()) return;
  if (message.text.empty()) return;
  std::string body;
  if (message.author == Author::agent) {
    body = "*" + (message.author_name.empty() ? std::string("Agent") : message.author_name) + "*: " + message.text;
  } else if (message.author == Author::visitor) {
    body = "(website) " + message.text;
  } else {
    return;
  }
  if (utf8::length(body) > whatsapp_text_chars) body = std::string(utf8::take_first(body, whatsapp_text_chars - 1)) + "…";
  queue_to_visitor(log, session, "mirror", std::move(body));
}

void end_visitor_whatsapp(SessionLog& log, const SessionRecord& session, const std::string& agent_name) {
  if (session.mode != HandoffMode::whatsapp || session.visitor_whatsapp.empty()) return;
  for (auto& parked : log.tx().outbox().awaiting_window_for_session(session.visitor_whatsapp, session.id)) {
    parked.state = OutboxState::failed;
    parked.last_error = "the chat ended before the visitor wrote on WhatsApp";
    log.tx().outbox().update(parked);
    log.effects().finished.push_back(parked.id);
  }
  // Only worth saying to a thread the visitor actually uses.
  if (session.whatsapp_joined_ms > 0) {
    queue_to_visitor(log, session, "mirror", agent_name + " ended this chat (#" + session.code + "). Thank you!");
  }
}

void apply_visitor_whatsapp_message(SessionLog& log, const InboundMessage& m, const ContactRecord& contact,
                                    WebhookTally& tally) {
  auto unrouted = [&] {
    log.tx().whatsapp().route_inbound(m.wamid, "", m.text);
    ++tally.unrouted_messages;
  };
  // Visitors are known by the number they gave; without one there is no chat.
  if (contact.phone.empty()) {
    unrouted();
    return;
  }
  std::optional<SessionRecord> session;
  std::string text = m.text;
  // 1. A reply to something the business sent this number about a chat.
  if (!m.context_id.empty()) {
    if (auto quoted = log.tx().outbox().find_by_wamid(m.context_id);
        quoted && !quoted->session_id.empty() && quoted->recipient == contact.phone) {
      session = log.tx().sessions().find(quoted->session_id);
    }
  }
  // 2. The chat's code, as the wa.me link types it.
  if (m.kind == MessageKind::text) {
    if (auto found = code_in(m.text)) {
      auto by_code = log.tx().sessions().find_by_code(found->first);
      if (!session && by_code && by_code->visitor_whatsapp != contact.phone) {
        unrouted();
        reply_to_sender(log, contact.phone,
                        "Chat #" + found->first +
                            " was moved to WhatsApp with another number. Please write from the number you gave on "
                            "the website, or start a new chat there.");
        return;
      }
      if (!session && by_code) session = by_code;
      if (session && by_code && by_code->id == session->id) text = found->second;
    }
  }
  // 3. The chat this number most recently moved here from.
  if (!session) session = log.tx().sessions().latest_for_visitor_whatsapp(contact.phone);
  if (!session) {
    unrouted();  // someone the business has no chat with; kept for the admin API
    return;
  }
  if (session->mode != HandoffMode::whatsapp || !open_with_agent(*session)) {
    unrouted();
    reply_to_sender(log, contact.phone,
                    "Chat #" + session->code +
                        " has ended, so nobody will read this here. To talk to us again, start a chat on our "
                        "website.");
    return;
  }
  if (session->whatsapp_joined_ms == 0) {
    session->whatsapp_joined_ms = log.now_ms();
    log.append_system(session->id, MessageKind::notice, {},
                      "Your WhatsApp (" + contact.phone + ") joined this chat. Write here or there: both reach " +
                          "the same conversation.");
    notify_agent(log, *session, "#" + session->code + ": the visitor is now on WhatsApp.");
  }
  if (!text.empty() || m.kind != MessageKind::text) {
    Message draft;
    draft.author = Author::visitor;
    draft.author_name = "WhatsApp";
    draft.kind = m.kind;
    draft.text = text;
    auto message = log.append(session->id, draft, m.wamid);
    copy_to_agent(log, *session, message);
  }
  session->updated_ms = log.now_ms();
  log.tx().sessions().update(*session);
  log.tx().whatsapp().route_inbound(m.wamid, session->id, "");
}

}  // namespace baton
