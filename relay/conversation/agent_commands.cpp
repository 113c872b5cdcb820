#include "relay/conversation/agent_commands.hpp"

#include <algorithm>
#include <cctype>

#include "common/reference_code.hpp"
#include "common/time_format.hpp"
#include "common/utf8.hpp"
#include "relay/conversation/agent_routing.hpp"
#include "relay/conversation/delivery_transactions.hpp"
#include "relay/conversation/handoff/handover.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/conversation/satisfaction.hpp"
#include "relay/conversation/session_transactions.hpp"

namespace baton {
namespace {

constexpr std::string_view help_text =
    "*Commands*\n"
    "/online - take new chats\n"
    "/away - take no new chats (open ones stay with you)\n"
    "/list - your open chats\n"
    "/who CODE - who the visitor of chat CODE is\n"
    "/end CODE - end chat CODE (without a code: your current chat)\n"
    "/transfer NAME CODE - pass chat CODE to agent NAME, with its context\n"
    "/take CODE - take waiting chat CODE (or tap Accept)\n"
    "/help - this list\n"
    "To answer a visitor, reply to their message or start with the chat's code, like #K7P2QX.";

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string visitor_name(const SessionRecord& s) { return s.context.name.empty() ? "a visitor" : s.context.name; }

std::string_view state_word(SessionState state) {
  switch (state) {
    case SessionState::waiting: return "waiting for your first reply";
    case SessionState::live: return "live";
    case SessionState::ended: return "ended";
    case SessionState::bot: return "with the assistant";
  }
  return "";
}

// The agent's chat named by `code`, or their current one without a code.
std::variant<SessionRecord, std::string> own_chat(SessionLog& log, const AgentConfig& agent, std::string_view code) {
  auto& sessions = log.tx().sessions();
  if (code.empty()) {
    auto contact = log.tx().whatsapp().contact_by_phone(agent.phone);
    auto current = contact && !contact->last_session_id.empty() ? sessions.find(contact->last_session_id)
                                                                : std::nullopt;
    if (!current || current->agent_phone != agent.phone)
      return std::string("You have no current chat. Add its code, like /end K7P2QX.");
    return *current;
  }
  auto normalized = normalize_reference_code(code);
  auto session = normalized ? sessions.find_by_code(*normalized) : std::nullopt;
  if (!session || session->agent_phone != agent.phone) {
    return "You have no chat #" + (normalized ? *normalized : std::string(code)) + ". Send /list to see yours.";
  }
  return *session;
}

std::string list_chats(SessionLog& log, const AgentConfig& agent, const AgentDirectory& agents) {
  auto open = log.tx().sessions().open_for_agent(agent.phone);
  if (open.empty()) return "You have no open chats.";
  std::string out = "*Your open chats* (" + std::to_string(open.size()) + " of " + std::to_string(agents.capacity()) +
                    ")";
  for (const auto& s : open) {
    out += "\n#" + s.code + " " + visitor_name(s) + ", " + std::string(state_word(s.state));
    if (!s.context.page_title.empty()) out += ", on " + s.context.page_title;
  }
  return out;
}

std::string who(const SessionRecord& s) {
  const auto& c = s.context;
  std::string out = "*#" + s.code + "* " + visitor_name(s) + " (" + std::string(state_word(s.state)) + ")";
  auto line = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) out += "\n" + std::string(label) + ": " + value;
  };
  line("E-mail", c.email);
  line("Phone", c.phone);
  line("Page", c.page_title.empty() ? c.page_url : c.page_title + " (" + c.page_url + ")");
  if (!c.pages.empty()) {
    std::string pages;
    auto first = c.pages.size() > 8 ? c.pages.size() - 8 : 0;
    for (auto i = first; i < c.pages.size(); ++i) pages += (pages.empty() ? "" : ", ") + c.pages[i];
    line("Pages", pages);
  }
  line("Came from", c.referrer);
  for (const auto& [key, value] : c.utm) line(key, value);
  line("Language", c.language);
  line("Time zone", c.time_zone);
  for (const auto& [key, value] : c.traits) line(key, value);
  line("Started", format_rfc3339(s.created_ms));
  // WhatsApp's limit; the details are short, but traits come from the site.
  if (utf8::length(out) > 4000) out = std::string(utf8::take_first(out, 3999)) + "…";
  return out;
}

std::string end_chat(SessionLog& log, const AgentConfig& agent, const AgentDirectory& agents, SessionRecord session) {
  if (session.state == SessionState::ended) return "Chat #" + session.code + " has already ended.";
  bool resume = agents.assistant_resumes();
  session.state = resume ? SessionState::bot : SessionState::ended;
  // Back with the assistant, the chat is nobody's; ended, it stays the
  // agent's so /who still finds it.
  if (resume) session.agent_phone.clear();
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);
  log.tx().queue().end_wait(session.id);
  forget_agent_chat(log.tx(), agent.phone, session.id);
  cancel_unsent_tx(log, session.id, agent.phone, "not sent: the agent ended the chat first");
  log.append_system(session.id, MessageKind::agent_left, agent.name, agent.name + " left the chat.");
  end_visitor_whatsapp(
      log, session,
      visitor_sentence(VisitorText::whatsapp_agent_ended, session, {{"agent", agent.name}, {"code", session.code}}));
  ask_for_rating(log, session, agent.name);
  if (resume) {
    Message back;
    back.author = Author::bot;
    back.text = visitor_sentence(VisitorText::back_with_assistant, session);
    log.append(session.id, back);
  }
  log.effects().publish(session.id, StateChange{session.state, resume ? std::string() : agent.name, {}});
  return "Chat #" + session.code + " with " + visitor_name(session) + " has ended. The visitor was told" +
         (resume ? " and is back with the assistant." : ".");
}

std::string transfer_chat(SessionLog& log, const AgentConfig& from, const AgentDirectory& agents,
                          std::string_view to_name, SessionRecord session) {
  const auto to = agents.find_by_name(to_name);
  if (!to) {
    std::string names;
    for (const auto& a : agents.all()) names += (names.empty() ? "" : ", ") + a.name;
    return "There is no agent called " + std::string(to_name) + ". Agents: " + names + ".";
  }
  if (to->phone == from.phone) return "Chat #" + session.code + " is already yours.";
  if (session.state == SessionState::ended) return "Chat #" + session.code + " has ended.";
  for (const auto& status : agents.statuses(log.tx(), log.now_ms())) {
    if (status.agent.phone != to->phone) continue;
    if (status.away) return to->name + " is away. Ask them to send /online, or choose someone else.";
    if (!status.can_take_chat()) {
      return to->name + " already has " + std::to_string(status.open_chats) + " chats, the most they take.";
    }
  }
  forget_agent_chat(log.tx(), from.phone, session.id);
  session.agent_phone = to->phone;
  session.state = SessionState::waiting;
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);
  log.append_system(session.id, MessageKind::agent_left, from.name, from.name + " left the chat.");
  log.append_system(session.id, MessageKind::handoff_requested, to->name,
                    to->name + " has the conversation and will answer here.");
  log.effects().publish(session.id, StateChange{SessionState::waiting, to->name, {}});
  log.effects().availability_may_change = true;
  log.tx().queue().start_wait(session.id, log.now_ms());

  std::string head = "*" + from.name + " passed this chat to you.*\n";
  if (session.mode == HandoffMode::whatsapp && session.whatsapp_joined_ms > 0) {
    head += "The visitor is on WhatsApp (" + session.visitor_whatsapp + "): your replies reach them there too.\n";
  }
  log.queue_whatsapp(session.id, to->phone, OutboxPurpose::handoff,
                     head + format_handoff_message(handoff_summary(log, session, std::nullopt),
                                                   whatsapp_text_chars - utf8::length(head)));
  point_agent_at(log.tx(), to->phone, session.id);
  return "Chat #" + session.code + " with " + visitor_name(session) + " is now " + to->name +
         "'s. They have the whole conversation.";
}

}  // namespace

std::string take_chat(SessionLog& log, const AgentConfig& agent, const AgentDirectory& agents,
                      const std::string& session_id) {
  auto found = log.tx().sessions().find(session_id);
  if (!found) return "There is no such chat.";
  auto session = *found;
  const auto holder = agents.find_by_phone(session.agent_phone);
  if (session.state == SessionState::ended) return "Chat #" + session.code + " has ended.";
  if (session.state == SessionState::bot) return "Chat #" + session.code + " has not asked for a person.";
  if (session.state == SessionState::live) {
    if (session.agent_phone == agent.phone) return "Chat #" + session.code + " is already yours.";
    return "Chat #" + session.code + " was taken by " + (holder ? holder->name : std::string("someone else")) + ".";
  }
  bool mine = session.agent_phone == agent.phone;
  if (!mine) {
    for (const auto& status : agents.statuses(log.tx(), log.now_ms())) {
      if (status.agent.phone == agent.phone && status.open_chats >= status.capacity) {
        return "You already have " + std::to_string(status.open_chats) + " chats, the most you take. End one first.";
      }
    }
  }
  session.agent_phone = agent.phone;
  session.state = SessionState::live;
  session.updated_ms = log.now_ms();
  log.tx().sessions().update(session);
  if (auto since = log.tx().queue().since(session.id)) {
    log.tx().queue().record_wait(std::max<std::int64_t>(0, log.now_ms() - *since), log.now_ms());
  }
  log.tx().queue().end_wait(session.id);
  log.append_system(session.id, MessageKind::agent_joined, agent.name, agent.name + " joined the chat.");
  log.effects().publish(session.id, StateChange{SessionState::live, agent.name, {}});
  log.effects().availability_may_change = true;
  point_agent_at(log.tx(), agent.phone, session.id);
  if (!mine) {
    // The taker may only have seen the short offer: the whole context follows.
    log.queue_whatsapp(session.id, agent.phone, OutboxPurpose::handoff,
                       format_handoff_message(handoff_summary(log, session, std::nullopt)));
    if (holder) {
      forget_agent_chat(log.tx(), holder->phone, session.id);
      log.queue_whatsapp({}, holder->phone, OutboxPurpose::notice,
                         "Chat #" + session.code + " was taken by " + agent.name + ".");
    }
  }
  return "Chat #" + session.code + " with " + visitor_name(session) + " is yours. Reply to its messages to answer.";
}

namespace {

std::string set_presence(SessionLog& log, const AgentConfig& agent, bool away) {
  log.tx().agents().save_presence({agent.phone, away, log.now_ms()});
  auto open = log.tx().sessions().count_open_for_agent(agent.phone);
  if (away) {
    return "You're away: no new chats will come to you. " +
           (open > 0 ? "Your " + std::to_string(open) + " open chat" + (open == 1 ? "" : "s") + " stay with you. "
                     : std::string()) +
           "Send /online to take chats again.";
  }
  return "You're online: new chats can come to you.";
}

}  // namespace

bool is_agent_command(std::string_view text) {
  auto start = text.find_first_not_of(" \t\n");
  if (start == std::string_view::npos || text[start] != '/') return false;
  return start + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[start + 1]));
}

std::string run_agent_command(SessionLog& log, const AgentConfig& agent, const AgentDirectory& agents,
                              std::string_view text) {
  // "/name arg1 arg2": words after the command, a leading "#" dropped.
  std::vector<std::string_view> words;
  auto rest = text.substr(text.find('/') + 1);
  while (!rest.empty()) {
    auto start = rest.find_first_not_of(" \t\n");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    auto end = rest.find_first_of(" \t\n");
    auto word = rest.substr(0, end);
    words.push_back(words.empty() || word.front() != '#' ? word : word.substr(1));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  }
  auto name = lowercase(words.empty() ? std::string_view() : words[0]);
  std::string_view argument = words.size() > 1 ? words[1] : std::string_view();

  if (name == "help") return std::string(help_text);
  if (name == "online") return set_presence(log, agent, false);
  if (name == "away") return set_presence(log, agent, true);
  if (name == "list") return list_chats(log, agent, agents);
  if (name == "who" || name == "end") {
    auto chat = own_chat(log, agent, argument);
    if (auto* problem = std::get_if<std::string>(&chat)) return *problem;
    auto& session = std::get<SessionRecord>(chat);
    if (name == "who") return who(session);
    return end_chat(log, agent, agents, std::move(session));
  }
  if (name == "take") {
    auto code = normalize_reference_code(argument);
    auto session = code ? log.tx().sessions().find_by_code(*code) : std::nullopt;
    if (!session) return "There is no chat #" + std::string(argument) + ". Send /list to see yours.";
    return take_chat(log, agent, agents, session->id);
  }
  if (name == "transfer") {
    if (argument.empty()) return "Say who to pass it to: /transfer NAME CODE.";
    // The last word is the code when it reads as one; the rest is the name
    // ("/transfer Ana Maria K7P2QX").
    std::string_view code;
    std::size_t name_end = words.size();
    if (words.size() > 2 && normalize_reference_code(words.back())) {
      code = words.back();
      --name_end;
    }
    std::string to_name;
    for (std::size_t i = 1; i < name_end; ++i) to_name += (to_name.empty() ? "" : " ") + std::string(words[i]);
    auto chat = own_chat(log, agent, code);
    if (auto* problem = std::get_if<std::string>(&chat)) return *problem;
    return transfer_chat(log, agent, agents, to_name, std::get<SessionRecord>(std::move(chat)));
  }
  return "There is no command /" + name + ".\n\n" + std::string(help_text);
}

}  // namespace baton
