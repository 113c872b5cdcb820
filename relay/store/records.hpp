#pragma once
// Rows of the relay's store, as the conversation logic sees them.

#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "common/protocol/handoff.hpp"
#include "common/protocol/message.hpp"
#include "common/protocol/visitor_context.hpp"

namespace baton {

struct SessionRecord {
  std::string id;
  std::string token_hash;  // hex SHA-256 of the bearer token; the token itself is never stored
  std::string code;
  SessionState state = SessionState::bot;
  HandoffMode mode = HandoffMode::live;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::uint64_t last_seq = 0;
  VisitorContext context;
  std::string agent_phone;  // E.164 of the agent who has (or was offered) the chat
  std::string origin;       // the site the session was opened from
  // Continue on WhatsApp: the number the visitor consented to be written at,
  // and when that WhatsApp first wrote in this chat (0: not yet).
  std::string visitor_whatsapp;
  std::int64_t whatsapp_joined_ms = 0;
  std::uint64_t whatsapp_since_seq = 0;  // the log's last entry when it moved there
};

// What the assistant made of one visitor message.
enum class AssistantOutcome : std::uint8_t {
  answered = 0,  // a confident answer (or a friendly word to a greeting)
  unsure = 1,    // it could not help
  offered = 2,   // it offered a person instead (asked for, or the visitor was unhappy)
};

std::string_view to_string(AssistantOutcome outcome);
AssistantOutcome assistant_outcome_from_string(std::string_view name);

struct AssistantTurnRecord {
  std::string session_id;
  std::uint64_t question_seq = 0;
  std::uint64_t answer_seq = 0;
  AssistantOutcome outcome = AssistantOutcome::answered;
  std::string source;  // the FAQ question answered from, "model", or empty
  std::int64_t ts_ms = 0;

  friend bool operator==(const AssistantTurnRecord&, const AssistantTurnRecord&) = default;
};

// One entry of a session's log: a message or a later status change of one.
using LogEntry = std::variant<Message, StatusChange>;

// accept_button: `body` is the prompt, the button takes session `session_id`.
// rating_list: the satisfaction survey as a list of 1 to 5 stars; message_id
// is the survey message.
// media: a message's file (attachment_id), uploaded once and sent by media id.
// reaction: `body` (an emoji, "" to take it back) on the WhatsApp message `about_wamid`.
enum class OutboxKind : std::uint8_t {
  text = 0,
  template_message = 1,
  accept_button = 2,
  rating_list = 3,
  media = 4,
  reaction = 5
};

// pending: waiting for its turn; in_flight: handed to the Cloud API and not
// yet known to be accepted (also after a lost answer, until a status webhook
// or the grace period decides); awaiting_window: the recipient's 24-hour
// window is closed and a template asked them to reply; sent: accepted, wamid
// known; failed: refused for good.
enum class OutboxState : std::uint8_t { pending = 0, in_flight = 1, awaiting_window = 2, sent = 3, failed = 4 };

std::string_view to_string(OutboxState state);
OutboxState outbox_state_from_string(std::string_view name);

// Why a WhatsApp message goes out: decides its template, what a reply to it
// means and which per-number limits count it. Stored by name (to_string).
enum class OutboxPurpose : std::uint8_t {
  handoff,        // to an agent: a chat or a call handed over, with its context
  relay,          // to the chat's agent: the visitor's message
  offer,          // to agents: a waiting chat, with an Accept button
  notice,         // to an agent: a chat was taken, ended, moved or cancelled
  reconnect,      // to an agent whose 24-hour window closed: the template asking for a reply
  reminder,       // to an agent: a booked call starts soon
  continue_chat,  // to the visitor: the template that moves the chat to WhatsApp ("continue")
  mirror,         // to the visitor's WhatsApp: a message of the chat
  call,           // to the visitor: their call was booked or cancelled (a template)
  sender_reply,   // to someone not an agent who wrote to the business number: about their message
};

std::string_view to_string(OutboxPurpose purpose);
// A name this relay did not write reads as a notice.
OutboxPurpose outbox_purpose_from_string(std::string_view name);

struct OutboxRecord {
  std::int64_t id = 0;
  std::string session_id;
  std::string message_id;  // the conversation message this copy carries, if any
  // Messages joined to it while it waited (coalesced relay copies), in order.
  std::vector<std::string> more_message_ids;
  std::string recipient;  // E.164, or a business-scoped user id
  OutboxKind kind = OutboxKind::text;
  std::string body;           // the text, the template's one parameter, or a file's caption
  std::string attachment_id;  // kind media: the file
  std::string about_wamid;    // kind reaction: the message reacted to; kind text: the message it quotes
  OutboxPurpose purpose = OutboxPurpose::notice;
  OutboxState state = OutboxState::pending;
  std::uint32_t attempts = 0;
  std::int64_t next_attempt_ms = 0;
  std::int64_t created_ms = 0;
  std::string wamid;
  std::string last_error;
};

// An e-mail waiting to go out, or settled: the whole RFC 5322 message is
// composed when the visitor asks, so a retry sends exactly the same bytes.
enum class MailState : std::uint8_t { pending = 0, sent = 1, failed = 2 };
std::string_view to_string(MailState state);
// A name this relay did not write reads as pending.
MailState mail_state_from_string(std::string_view name);

struct MailRecord {
  std::int64_t id = 0;
  std::string session_id;
  std::string purpose;    // "support" (to the team) or "copy" (to the visitor)
  std::string recipient;  // one address
  std::string message;    // headers and body, CRLF line ends
  MailState state = MailState::pending;
  std::int64_t attempts = 0;
  std::int64_t next_attempt_ms = 0;
  std::string last_error;
  std::int64_t created_ms = 0;
  std::int64_t settled_ms = 0;
};

// What an agent said of themselves: /away takes them out of routing until
// /online. An agent who never said either is online.
// An uploaded or received file, scoped to one chat; its bytes are in the
// blob store under `sha256`.
struct AttachmentRecord {
  std::string session_id;
  std::string sha256;
  Attachment shown;  // id, kind, mime, name, size
  std::int64_t created_ms = 0;
  bool claimed = false;  // a message carries it
};

// Inbound media waiting to be downloaded: the webhook's message as JSON.
struct MediaFetchRecord {
  std::string wamid;
  std::string inbound;
  std::uint32_t attempts = 0;
  std::int64_t next_attempt_ms = 0;
  std::int64_t created_ms = 0;
  std::string last_error;
};

struct AgentPresenceRecord {
  std::string phone;
  bool away = false;
  std::int64_t changed_ms = 0;
};

// A WhatsApp user the business has heard from: agents and visitors alike.
struct ContactRecord {
  std::string phone;    // E.164; empty if only the business-scoped id is known
  std::string user_id;  // business-scoped user id; may be empty
  std::string name;
  std::int64_t last_inbound_ms = 0;  // opens the 24-hour window
  std::string last_session_id;       // the chat a plain reply from an agent goes to
};

// A call-back the visitor booked: `booked` until someone cancels it
// (`cancelled_by`: "visitor" or "admin") or its time is over (`done`).
enum class CallState : std::uint8_t { booked = 0, cancelled = 1, done = 2 };
std::string_view to_string(CallState state);
// A name this relay did not write reads as cancelled.
CallState call_state_from_string(std::string_view name);

// Consent the visitor gave in a handoff form: when, to what (the sentence
// shown, as the widget reported it), in which language.
struct ConsentRecord {
  std::string session_id;
  HandoffMode mode = HandoffMode::live;
  std::int64_t given_ms = 0;
  std::string language;
  std::string wording;
};

// Something the site counts as a success (a purchase, a sign-up), reported
// by the page in the browser that had the chat (ChatWidget.track with a
// value; docs/metrics.md, "Conversion"). `cid` is the page's id for it, so
// a retry is counted once.
struct ConversionRecord {
  std::string session_id;
  std::string cid;
  std::string event;
  double value = 0;
  std::string currency;  // ISO 4217, or empty without a value
  std::int64_t at_ms = 0;
};

// A message of a chat Meta priced (a status's pricing object), once per
// message; only billable ones cost anything (docs/metrics.md, "Cost").
struct WhatsappCharge {
  std::string wamid;
  std::string session_id;
  std::string category;
  bool billable = false;
  std::int64_t at_ms = 0;
};

// What a chat used that costs money: Meta's billable messages per category,
// and the model's tokens.
struct ChatUsage {
  std::map<std::string, std::int64_t> billable_messages;  // category -> count
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
};

// One chat as the success metrics read it (relay/conversation/success_metrics.hpp).
struct ChatMetricFacts {
  std::string session_id;
  std::int64_t created_ms = 0;
  HandoffMode mode = HandoffMode::live;
  std::string agent_phone;
  // The first request for a person; after it, the first agent message and
  // the agent leaving.
  std::optional<std::int64_t> asked_ms;
  std::optional<std::int64_t> first_agent_ms;
  std::optional<std::int64_t> agent_left_ms;
  std::optional<AssistantOutcome> last_assistant_outcome;
  std::vector<int> scores;
  ChatUsage usage;
  std::vector<ConversionRecord> conversions;
};

// A visitor's answer to the satisfaction survey (docs/metrics.md,
// "Satisfaction"): once per survey message, and so once per ended chat.
struct RatingRecord {
  std::string survey_id;  // the survey message's id
  std::string session_id;
  int score = 0;        // 1 to 5
  std::string comment;  // the visitor's words, sealed with the chat's key
  std::string agent_phone;
  std::int64_t at_ms = 0;
};

// One thing an admin did (a console action, a setting changed): who, what,
// to what, and how it went. Secrets are masked before they get here.
struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at_ms = 0;
  std::string actor;    // "admin@<address>", "console@<address>"
  std::string action;   // "retry_send", "end_chat", ...
  std::string target;   // an outbox row, a chat's code, a webhook id
  std::string detail;   // a sentence or a JSON object, for people
  std::string outcome;  // "done", or the refusal's code
};

struct CallRecord {
  std::int64_t id = 0;
  std::string session_id;
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  std::string agent_phone;
  std::string visitor_phone;
  std::string visitor_name;
  CallState state = CallState::booked;
  std::int64_t reminded_ms = 0;  // when the agent was reminded (0: not yet)
  std::int64_t created_ms = 0;
  std::int64_t cancelled_ms = 0;
  std::string cancelled_by;
};

}  // namespace baton
