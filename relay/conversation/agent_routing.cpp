#include "relay/conversation/agent_routing.hpp"

#include "common/reference_code.hpp"

namespace baton {
namespace {

// "#K7P2QX rest of text" -> ("K7P2QX", "rest of text").
std::optional<std::pair<std::string, std::string>> leading_code(const std::string& text) {
  auto start = text.find_first_not_of(" \t\n");
  if (start == std::string::npos || text[start] != '#') return std::nullopt;
  auto end = text.find_first_of(" \t\n:,", start);
  auto word = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  auto code = normalize_reference_code(word);
  if (!code) return std::nullopt;
  std::string rest = end == std::string::npos ? std::string() : text.substr(end);
  auto first = rest.find_first_not_of(" \t\n:,");
  rest = first == std::string::npos ? std::string() : rest.substr(first);
  return std::make_pair(*code, rest);
}

}  // namespace

std::string without_chat_code(const std::string& text, const std::string& code) {
  auto found = leading_code(text);
  return found && found->first == code ? found->second : text;
}

std::variant<AgentTarget, AgentRouteError> route_agent_message(StoreTx& tx, const InboundMessage& message,
                                                               const std::string& agent_phone) {
  AgentTarget target;
  target.text = message.text;
  target.caption = message.caption;

  if (!message.context_id.empty()) {
    if (auto quoted = tx.outbox().find_by_wamid(message.context_id); quoted && !quoted->session_id.empty()) {
      target.how = AgentTarget::How::quoted;
      target.session_id = quoted->session_id;
      target.window_reply = quoted->purpose == OutboxPurpose::reconnect;
      return target;
    }
  }

  // A code leads a text, or a file's caption.
  bool file = message.kind == MessageKind::media;
  if (message.kind == MessageKind::text || file) {
    if (auto code = leading_code(file ? message.caption : message.text)) {
      auto session = tx.sessions().find_by_code(code->first);
      if (!session) return AgentRouteError{"There is no chat #" + code->first + ". Check the code and try again."};
      target.how = AgentTarget::How::code;
      target.session_id = session->id;
      if (file) {
        target.caption = code->second;
        if (message.text == message.caption) target.text = code->second;
      } else {
        target.text = code->second;
      }
      target.session = std::move(session);
      return target;
    }
  }

  auto contact = tx.whatsapp().contact_by_phone(agent_phone);
  if (!contact || contact->last_session_id.empty()) {
    return AgentRouteError{
        "There is no open chat for this message. Reply to a chat's message, or start with its code, "
        "for example #K7P2QX."};
  }
  target.how = AgentTarget::How::recent;
  target.session_id = contact->last_session_id;
  return target;
}

void point_agent_at(StoreTx& tx, const std::string& agent_phone, const std::string& session_id) {
  tx.whatsapp().point_contact_at(agent_phone, session_id);
}

void forget_agent_chat(StoreTx& tx, const std::string& agent_phone, const std::string& session_id) {
  auto contact = tx.whatsapp().contact_by_phone(agent_phone);
  if (!contact || contact->last_session_id != session_id) return;
  contact->last_session_id.clear();
  tx.whatsapp().save_contact(*contact);
}

}  // namespace baton
