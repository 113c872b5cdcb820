#include "relay/conversation/handoff/whatsapp.hpp"

#include "relay/conversation/satisfaction.hpp"

#include "common/handoff_text.hpp"
#include "common/phone.hpp"
#include "common/reference_code.hpp"
#include "common/utf8.hpp"
#include "relay/conversation/attachment_transactions.hpp"
#include "relay/conversation/handoff/handover.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/conversation/satisfaction.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/core/refusal.hpp"
#include "relay/whatsapp/shown_text.hpp"

namespace baton {
namespace {

constexpr std::int64_t day_ms = 24LL * 3600 * 1000;

void queue_to_visitor(SessionLog& log, const SessionRecord& session, OutboxPurpose purpose, std::string body,
                      OutboxKind kind = OutboxKind::text) {
  log.queue_whatsapp(session.id, session.visitor_whatsapp, purpose, std::move(body), kind);
}

void notify_agent(SessionLog& log, const SessionRecord& session, std::string text) {
  log.queue_whatsapp(session.id, session.agent_phone, OutboxPurpose::notice, std::move(text));
}

// Not a notice: the sender may be a stranger, who must never be sent the
// agents' reconnect template when the reply finds their window closed.
void reply_to_sender(SessionLog& log, const std::string& recipient, std::string text) {
  log.queue_whatsapp({}, recipient, OutboxPurpose::sender_reply, std::move(text));
}

// Someone with no chat here wrote to the business number (a phone, or a
// business-scoped user id alone): nobody reads it, so they hear how to
// start a chat; at most once a day each, and never for a reaction.
void tell_stranger(SessionLog& log, const InboundMessage& m, const std::string& recipient) {
  if (recipient.empty() || m.kind == MessageKind::reaction) return;
  if (log.tx().outbox().count_since(OutboxPurpose::sender_reply, recipient, log.now_ms() - day_ms) > 0) return;
  reply_to_sender(log, recipient, std::string(visitor_text(VisitorText::whatsapp_no_chat, Lang::en)));
}

}  // namespace

std::optional<std::pair<std::string, std::string>> code_in(const std::string& text) {
  std::string_view rest = text;
  auto skip_space = [&] {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n' || rest.front() == '\t'))
      rest.remove_prefix(1);
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

HandoffState handoff_whatsapp_tx(SessionLog& log, const std::string& session_id, const HandoffRequest& request,
                                 const AgentDirectory& agents, const std::optional<std::string>& model_gist) {
  // handoff/request_rules.cpp checked these: consent and a number.
  auto phone = normalize_e164(request.phone);
  if (!phone) throw std::logic_error("handoff_whatsapp_tx: the request was not checked");
  if (agents.find_by_phone(*phone)) {
    throw Refused(Refusal{RefusalKind::invalid, "invalid_phone", "that number belongs to an agent of this business"});
  }
  auto session = require_session(log, session_id);
  if (session.mode == HandoffMode::whatsapp && session.visitor_whatsapp == *phone && with_agent(session)) {
    const auto agent = agents.find_by_phone(session.agent_phone);
    return HandoffState{HandoffMode::whatsapp, session.state, session.code, agent ? agent->name : std::string()};
  }
  if (log.tx().outbox().count_since(OutboxPurpose::continue_chat, *phone, log.now_ms() - day_ms) >=
      continue_templates_per_number_per_day) {
    throw Refused(Refusal{RefusalKind::too_many, "too_many_requests",
                          "this number was sent several WhatsApp messages today; write to us on WhatsApp instead"});
  }
  bool was_open = with_agent(session) && session.mode == HandoffMode::whatsapp;
  auto state = hand_to_agent(log, session, request, agents, model_gist, HandoffMode::whatsapp);
  session = require_session(log, session_id);
  // A new number, or a new handoff, must join anew; what it is sent then
  // starts from here.
  if (session.visitor_whatsapp != *phone || !was_open) {
    session.whatsapp_joined_ms = 0;
    session.whatsapp_since_seq = session.last_seq;
  }
  session.visitor_whatsapp = *phone;
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);

  // The template's one parameter names the chat and nothing the visitor
  // wrote: the number was only typed, and may be a stranger's.
  std::string about = "#" + session.code + " with " + state.agent_name;
  queue_to_visitor(log, session, OutboxPurpose::continue_chat, about, OutboxKind::template_message);
  log.append_system(session.id, MessageKind::notice, {},
                    visitor_sentence(VisitorText::whatsapp_sent, session,
                                     {{"code", session.code}, {"phone", *phone}, {"agent", state.agent_name}}));
  notify_agent(log, session,
               "#" + session.code + ": the visitor continues on WhatsApp (" + *phone +
                   "). Once they write from that number, what you write here reaches them there too.");
  return state;
}

void continue_template_failed(SessionLog& log, const std::string& session_id, const std::string& why) {
  auto session = log.tx().sessions().find(session_id);
  if (!session || session->agent_phone.empty() || !with_agent(*session)) return;
  notify_agent(log, *session,
               "#" + session->code + ": WhatsApp could not deliver our message to the visitor's number (" +
                   session->visitor_whatsapp + ")" + why +
                   ", so they are not on WhatsApp. They are still in the website's chat: what you write here reaches "
                   "them there.");
}

namespace {

// What the agent wrote since the chat moved to WhatsApp (the newest 20), so
// the thread starts complete.
void catch_up(SessionLog& log, const SessionRecord& session) {
  constexpr std::size_t most = 20;
  std::vector<Message> said;
  for (auto& m : log.tx().messages().after(session.id, session.whatsapp_since_seq, 500)) {
    if (m.author == Author::agent) said.push_back(std::move(m));
  }
  auto first = said.size() > most ? said.size() - most : 0;
  for (auto i = first; i < said.size(); ++i) mirror_to_visitor_whatsapp(log, session, said[i]);
}

void join(SessionLog& log, SessionRecord& session, const std::string& phone) {
  session.whatsapp_joined_ms = log.now_ms();
  log.append_system(session.id, MessageKind::notice, {},
                    visitor_sentence(VisitorText::whatsapp_joined, session, {{"phone", phone}}));
  notify_agent(log, session, "#" + session.code + ": the visitor is now on WhatsApp.");
  catch_up(log, session);
}

// A reply to a call's confirmation goes to the call's agent and the chat.
bool apply_call_reply(SessionLog& log, const InboundMessage& m, const ContactRecord& contact,
                      const OutboxRecord& quoted) {
  if (quoted.purpose != OutboxPurpose::call) return false;
  auto call = log.tx().calls().booked_for_session(quoted.session_id, log.now_ms());
  auto session = log.tx().sessions().find(quoted.session_id);
  if (!call || !session || call->visitor_phone != contact.phone || session->agent_phone.empty()) return false;
  Message draft;
  draft.author = Author::visitor;
  draft.author_name = "WhatsApp";
  draft.kind = m.kind;
  draft.text = m.text;
  auto message = log.append(session->id, draft, m.wamid);
  send_copies(log, *session, message, MessageSource::visitor_whatsapp);
  log.tx().whatsapp().route_inbound(m.wamid, session->id, "");
  return true;
}

// A star tapped in the survey's list: kept once; a second tap changes nothing.
bool apply_rating_reply(SessionLog& log, const InboundMessage& m, const OutboxRecord& quoted) {
  auto reply = rating_reply(m.reply_id);
  if (quoted.kind != OutboxKind::rating_list || !reply || reply->survey_id != quoted.message_id) return false;
  try {
    rate_chat_tx(log, quoted.session_id, *reply, {});
  } catch (const Refused&) {
    // Answered already (the first answer stands) or the chat's survey is gone.
  }
  log.tx().whatsapp().route_inbound(m.wamid, quoted.session_id, "");
  return true;
}

}  // namespace

void apply_visitor_whatsapp_message(SessionLog& log, const InboundMessage& m, const ContactRecord& contact,
                                    WebhookTally& tally) {
  auto unrouted = [&] {
    log.tx().whatsapp().route_inbound(m.wamid, "", shown_text(m, m.text, Lang::en));
    ++tally.unrouted_messages;
  };
  // Visitors are known by the number they gave; without one there is no
  // chat, but the writer hears how to start one.
  if (contact.phone.empty()) {
    unrouted();
    tell_stranger(log, m, contact.user_id);
    return;
  }
  // Only the number the visitor gave can be in their chat, whichever way it writes.
  auto theirs = [&](const std::optional<SessionRecord>& s) { return s && s->visitor_whatsapp == contact.phone; };
  std::optional<SessionRecord> session;
  std::string text = m.text;
  // 1. A reply to something the business sent this number about a chat.
  if (!m.context_id.empty()) {
    if (auto quoted = log.tx().outbox().find_by_wamid(m.context_id);
        quoted && !quoted->session_id.empty() && quoted->recipient == contact.phone) {
      if (apply_call_reply(log, m, contact, *quoted)) return;
      if (apply_rating_reply(log, m, *quoted)) return;
      auto candidate = log.tx().sessions().find(quoted->session_id);
      // A reply to an old message of an ended chat goes where plain messages go.
      if (theirs(candidate) && candidate->mode == HandoffMode::whatsapp && with_agent(*candidate)) {
        session = candidate;
      }
    }
  }
  // 2. The chat's code, as the wa.me link types it.
  if (m.kind == MessageKind::text) {
    if (auto found = code_in(m.text)) {
      auto by_code = log.tx().sessions().find_by_code(found->first);
      if (!session && by_code && !theirs(by_code)) {
        unrouted();
        reply_to_sender(log, contact.phone,
                        visitor_sentence(VisitorText::whatsapp_not_this_number, *by_code, {{"code", found->first}}));
        return;
      }
      if (!session && theirs(by_code)) session = by_code;
      if (session && by_code && by_code->id == session->id) text = found->second;
    }
  }
  // 3. Anything else: the open chat this number already joined, most recent first.
  if (!session) session = log.tx().sessions().latest_for_visitor_whatsapp(contact.phone, true);
  if (!session) {
    auto latest = log.tx().sessions().latest_for_visitor_whatsapp(contact.phone, false);
    unrouted();  // kept for the admin API
    if (latest && with_agent(*latest)) {
      // Their chat waits for them to join: say how (the code is in the template they got).
      reply_to_sender(log, contact.phone,
                      visitor_sentence(VisitorText::whatsapp_how_to_join, *latest, {{"code", latest->code}}));
    } else if (latest && latest->whatsapp_joined_ms > 0) {
      reply_to_sender(log, contact.phone,
                      visitor_sentence(VisitorText::whatsapp_chat_ended, *latest, {{"code", latest->code}}));
    } else if (!latest) {
      tell_stranger(log, m, contact.phone);
    }
    return;
  }
  if (session->mode != HandoffMode::whatsapp || !with_agent(*session)) {
    unrouted();
    reply_to_sender(log, contact.phone,
                    visitor_sentence(VisitorText::whatsapp_chat_ended, *session, {{"code", session->code}}));
    return;
  }
  bool joins_now = session->whatsapp_joined_ms == 0;
  if (joins_now) join(log, *session, contact.phone);
  if (!text.empty() || m.kind != MessageKind::text) {
    Message draft;
    draft.author = Author::visitor;
    draft.author_name = "WhatsApp";
    draft.kind = m.kind;
    draft.text = shown_text(m, text, visitor_language(*session));
    attach_received_file(log, session->id, m, m.caption, draft, visitor_language(*session));
    if (m.kind == MessageKind::reaction) {
      draft.about = message_carried_by(log, session->id, m.context_id);
      if (!draft.about.empty()) draft.text = m.label_value;
    }
    auto message = log.append(session->id, draft, m.wamid);
    send_copies(log, *session, message, MessageSource::visitor_whatsapp);
  }
  // A message marks the chat active (next_seq); only a join changes more.
  if (joins_now) log.tx().sessions().update(*session);
  log.tx().whatsapp().route_inbound(m.wamid, session->id, "");
}

}  // namespace baton
