#pragma once
// The visitor side of a conversation, as transactions: open a session, add a
// visitor message (once per client id). Handing over to a person is in
// handoff/, one file per mode.

#include <optional>
#include <string>

#include "common/lang.hpp"
#include "common/protocol/handoff.hpp"
#include "common/random_source.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/core/config.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {

// The language the widget is shown in (else the browser's; English when it
// is not one of the six), for what the relay tells the visitor.
Lang visitor_language(const SessionRecord& session);

// A sentence of the catalog for the visitor of `session`, in their language,
// its {placeholders} filled.
std::string visitor_sentence(VisitorText which, const SessionRecord& session,
                             std::initializer_list<std::pair<std::string_view, std::string_view>> values = {});

// The session, or Refused 404.
SessionRecord require_session(SessionLog& log, const std::string& session_id);

// The assistant's first message for a widget shown in `lang`: the site
// owner's for that language, else their one greeting, else ours.
std::string greeting_for(const Config& config, Lang lang);

struct CreatedSession {
  SessionRecord session;
  std::string token;  // returned to the visitor once; only its hash is stored
  Message greeting;
};

CreatedSession create_session_tx(SessionLog& log, RandomSource& random, VisitorContext context, std::string origin,
                                 const std::string& assistant_name, const std::string& greeting);

struct PostedMessage {
  Message message;
  bool duplicate = false;  // the cid was seen before; `message` is the first copy
};

// The chat is the assistant's again (nobody's to an agent), and its tabs
// are told; the visitor can choose a way to a person anew.
void give_back_to_assistant(SessionLog& log, SessionRecord& session);

// An ended chat goes back to the assistant and the log says so: what the
// visitor writes next has a reader.
void start_new_conversation(SessionLog& log, SessionRecord& session);

// The visitor's "Start a new chat" once a chat has ended: what writing to
// it does, without a message. Refused (409) while the chat has not ended,
// and while a booked call keeps it with its agent.
SessionRecord start_new_conversation_tx(SessionLog& log, const std::string& session_id);

// Throws Refused (404) if the session does not exist. A message to an
// ended chat starts a new conversation with the assistant, unless a booked
// call keeps the chat with the agent who will call. `attachment_id`, when
// set, names the chat's upload the message carries (`text` is its caption);
// one that is not the chat's is refused (400 invalid_attachment).
PostedMessage post_visitor_message_tx(SessionLog& log, const std::string& session_id, const std::string& cid,
                                      const std::string& text, const std::string& attachment_id = {});

}  // namespace baton
