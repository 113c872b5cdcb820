#pragma once
// The data operations the conversation logic runs inside one transaction.
// Four small tables, each behind an interface: SQLite implements them today;
// another database can implement them without touching the logic.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "relay/store/records.hpp"

namespace baton {

class SessionTable {
 public:
  virtual ~SessionTable() = default;
  // Throws DuplicateKey when the reference code is taken.
  virtual void insert(const SessionRecord& session) = 0;
  virtual std::optional<SessionRecord> find(std::string_view id) = 0;
  virtual std::optional<SessionRecord> find_by_code(std::string_view code) = 0;
  virtual std::optional<SessionRecord> find_by_token_hash(std::string_view token_hash) = 0;
  // Writes state, mode, context, agent and updated_ms.
  virtual void update(const SessionRecord& session) = 0;
  // Takes the session's next sequence number. A message (`active_ms` > 0)
  // also marks the chat active then (updated_ms), in the same write: most
  // messages change nothing else about their chat. A receipt passes 0.
  virtual std::uint64_t next_seq(std::string_view id, std::int64_t active_ms) = 0;
  // Sessions waiting for or held by this agent.
  virtual std::int64_t count_open_for_agent(std::string_view agent_phone) = 0;
  // Chats with a person (waiting or live) asked for from this address (a
  // limit key), other than `except`; the store keeps the address only as a
  // keyed hash.
  virtual std::int64_t count_with_person_from(std::string_view address, std::string_view except) = 0;
  virtual void set_handoff_address(std::string_view session_id, std::string_view address) = 0;
  // Sessions waiting for or held by this agent, most recently active first.
  virtual std::vector<SessionRecord> open_for_agent(std::string_view agent_phone) = 0;
  // The most recently active chat continued on WhatsApp with this number;
  // with `open_and_joined`, only one waiting or live that the number joined.
  virtual std::optional<SessionRecord> latest_for_visitor_whatsapp(std::string_view phone, bool open_and_joined) = 0;
  virtual std::vector<SessionRecord> recent(std::size_t limit) = 0;
};

class MessageTable {
 public:
  virtual ~MessageTable() = default;
  // Throws DuplicateKey on a repeated (session, cid) or inbound wamid.
  virtual void insert(std::string_view session_id, const Message& message, std::string_view inbound_wamid = {}) = 0;
  virtual std::optional<Message> find_by_cid(std::string_view session_id, std::string_view cid) = 0;
  virtual std::optional<Message> find(std::string_view session_id, std::string_view message_id) = 0;
  // A message of any session by its id or, for one that came from WhatsApp,
  // its wamid: the session's id and the message (for the admin trace).
  virtual std::optional<std::pair<std::string, Message>> locate(std::string_view id_or_wamid) = 0;
  // The WhatsApp id a message of this chat came with; empty for one that
  // did not come from WhatsApp.
  virtual std::string inbound_wamid(std::string_view session_id, std::string_view message_id) = 0;
  // The WhatsApp id of the newest message by `author` that came from
  // WhatsApp, at or before `seq`; empty when there is none.
  virtual std::string newest_inbound_wamid(std::string_view session_id, Author author, std::uint64_t seq) = 0;
  virtual void set_status(std::string_view message_id, MessageStatus status) = 0;
  // Writes a stored message's kind, text, `about` and file anew (an edit or
  // a deletion by its author); its seq, id and author stay.
  virtual void rewrite(std::string_view session_id, const Message& message) = 0;
  // Empties the text of every edit of `message_id` (nothing of a deleted
  // message may stay behind in its edits); returns their ids.
  virtual std::vector<std::string> forget_edits(std::string_view session_id, std::string_view message_id) = 0;
  // How many of the chat's messages carry this file.
  virtual std::size_t count_carrying(std::string_view session_id, std::string_view attachment_id) = 0;
  virtual void insert_status_change(std::string_view session_id, const StatusChange& change) = 0;
  // Messages with seq > after, oldest first, each with its current status.
  virtual std::vector<Message> after(std::string_view session_id, std::uint64_t after, std::size_t limit) = 0;
  // The newest `limit` messages, oldest first.
  virtual std::vector<Message> latest(std::string_view session_id, std::size_t limit) = 0;
  // How many non-system messages come before `seq`.
  virtual std::size_t count_before(std::string_view session_id, std::uint64_t seq) = 0;
  // Messages and status changes with seq > after, in seq order.
  virtual std::vector<LogEntry> log_after(std::string_view session_id, std::uint64_t after, std::size_t limit) = 0;
};

class OutboxTable {
 public:
  virtual ~OutboxTable() = default;
  virtual std::int64_t insert(const OutboxRecord& record) = 0;
  virtual std::optional<OutboxRecord> find(std::int64_t id) = 0;
  virtual std::optional<OutboxRecord> find_by_wamid(std::string_view wamid) = 0;
  virtual void update(const OutboxRecord& record) = 0;
  // Everything not yet sent or failed, oldest first.
  virtual std::vector<OutboxRecord> open() = 0;
  virtual std::vector<OutboxRecord> awaiting_window(std::string_view recipient) = 0;
  // A template asking this recipient to reply, created after `since_ms` and
  // not failed: one is enough per closed window.
  virtual bool has_template_since(std::string_view recipient, std::int64_t since_ms) = 0;
  virtual std::int64_t count(OutboxState state) = 0;
  // Rows of `purpose` to `recipient` created since: bounds what one person
  // can make the business send to a number they typed.
  virtual std::int64_t count_since(OutboxPurpose purpose, std::string_view recipient, std::int64_t since_ms) = 0;
  // Rows still waiting for this recipient's window, of one session.
  virtual std::vector<OutboxRecord> awaiting_window_for_session(std::string_view recipient,
                                                                std::string_view session_id) = 0;
  // The newest copy of this chat's messages to `recipient` not yet tried
  // (pending, no attempt): later messages may be joined to it.
  virtual std::optional<OutboxRecord> unsent_relay(std::string_view session_id, std::string_view recipient) = 0;
  // Rows of this chat not yet settled (pending, in flight or waiting for a window).
  virtual std::vector<OutboxRecord> open_for_session(std::string_view session_id) = 0;
  // Every row of this chat that carries the message (alone or joined to
  // others), oldest first, in any state.
  virtual std::vector<OutboxRecord> copies_of(std::string_view session_id, std::string_view message_id) = 0;
};

// WhatsApp bookkeeping: who wrote, what was already seen.
class WhatsappTable {
 public:
  virtual ~WhatsappTable() = default;
  // False when this wamid was seen before.
  virtual bool remember_inbound(std::string_view wamid, std::string_view sender, std::int64_t received_ms) = 0;
  // Who sent an inbound message (its sender key), or "" for one never seen.
  virtual std::string inbound_sender(std::string_view wamid) = 0;
  // Where an inbound message went; `session_id` empty when no chat took it.
  virtual void route_inbound(std::string_view wamid, std::string_view session_id, std::string_view summary) = 0;
  // False when this (wamid, status) pair was seen before.
  virtual bool remember_status(std::string_view wamid, std::string_view status, std::int64_t received_ms) = 0;
  // Whether any of `statuses` ("delivered", "read", "failed") was seen for it.
  virtual bool status_seen(std::string_view wamid, std::initializer_list<std::string_view> statuses) = 0;
  virtual std::optional<ContactRecord> contact_by_phone(std::string_view phone) = 0;
  virtual std::optional<ContactRecord> contact_by_user_id(std::string_view user_id) = 0;
  virtual void save_contact(const ContactRecord& contact) = 0;
  // Sets only the contact's most recent chat (an agent's: where their next
  // message without a code goes); creates the contact if there is none.
  virtual void point_contact_at(std::string_view phone, std::string_view session_id) = 0;
  virtual void record_error(std::int64_t code, std::string_view title, std::string_view details,
                            std::int64_t received_ms) = 0;
};

// What the assistant did with each visitor message: for offering a person
// after repeated failures, and for the agent's summary.
class AssistantTable {
 public:
  virtual ~AssistantTable() = default;
  // One per question; a repeat is ignored.
  virtual void record(const AssistantTurnRecord& turn) = 0;
  // The newest `limit` turns of a session, newest first.
  virtual std::vector<AssistantTurnRecord> recent(std::string_view session_id, std::size_t limit) = 0;
};

class AgentTable {
 public:
  virtual ~AgentTable() = default;
  virtual std::optional<AgentPresenceRecord> presence(std::string_view phone) = 0;
  virtual void save_presence(const AgentPresenceRecord& presence) = 0;
};

class MailTable {
 public:
  virtual ~MailTable() = default;
  virtual std::int64_t insert(const MailRecord& mail) = 0;
  // Pending mail due by `now_ms`, oldest first.
  virtual std::vector<MailRecord> due(std::int64_t now_ms, std::size_t limit) = 0;
  virtual std::optional<MailRecord> find(std::int64_t id) = 0;
  // Writes state, attempts, next_attempt_ms, last_error and settled_ms.
  virtual void update(const MailRecord& mail) = 0;
  // Deletes mails settled (sent or failed) before `before_ms`: they hold
  // visitors' words and addresses, kept no longer than needed.
  virtual std::int64_t prune(std::int64_t before_ms) = 0;
  // The newest `limit` mails, newest first.
  virtual std::vector<MailRecord> recent(std::size_t limit) = 0;
  // Every mail of one chat, oldest first (export).
  virtual std::vector<MailRecord> for_session(std::string_view session_id) = 0;
  // Mail of `purpose` (to `recipient`, or to anyone when empty) created since.
  virtual std::int64_t count_since(std::string_view purpose, std::string_view recipient, std::int64_t since_ms) = 0;
};

// Chats waiting for an agent to take them, since when, and whether the
// visitor was already offered other ways after waiting too long.
class QueueTable {
 public:
  virtual ~QueueTable() = default;
  // Starts (or restarts) the wait.
  virtual void start_wait(std::string_view session_id, std::int64_t since_ms) = 0;
  virtual void end_wait(std::string_view session_id) = 0;
  // Waits begun at or before `before_ms` with no offer made yet.
  virtual std::vector<std::string> overdue(std::int64_t before_ms, std::size_t limit) = 0;
  virtual void mark_offered(std::string_view session_id, std::int64_t at_ms) = 0;
  virtual std::optional<std::int64_t> since(std::string_view session_id) = 0;
  // Waiting sessions, oldest wait first: (session id, agent phone).
  virtual std::vector<std::pair<std::string, std::string>> waiting() = 0;
  // How long a wait lasted until an agent wrote, for the typical wait.
  virtual void record_wait(std::int64_t waited_ms, std::int64_t ended_ms) = 0;
  // The newest `limit` recorded waits.
  virtual std::vector<std::int64_t> recent_waits(std::size_t limit) = 0;
};

// Call-backs. Insert throws DuplicateKey when the agent already has a call in
// that slot or the chat already has a booked call.
class CallTable {
 public:
  virtual ~CallTable() = default;
  virtual std::int64_t insert(const CallRecord& call) = 0;
  virtual std::optional<CallRecord> find(std::int64_t id) = 0;
  // The chat's booked call that is not over by `now_ms`.
  virtual std::optional<CallRecord> booked_for_session(std::string_view session_id, std::int64_t now_ms) = 0;
  // The newest call of a session, booked or not.
  virtual std::optional<CallRecord> latest_for_session(std::string_view session_id) = 0;
  // Every call of one chat, oldest first (export).
  virtual std::vector<CallRecord> for_session(std::string_view session_id) = 0;
  // Booked calls starting in [from_ms, to_ms), earliest first.
  virtual std::vector<CallRecord> booked_between(std::int64_t from_ms, std::int64_t to_ms) = 0;
  // Booked calls not yet reminded that start at or before `start_by_ms`
  // and have not ended by `now_ms`.
  virtual std::vector<CallRecord> due_reminders(std::int64_t start_by_ms, std::int64_t now_ms) = 0;
  // Writes state, reminded_ms, cancelled_ms and cancelled_by.
  virtual void update(const CallRecord& call) = 0;
  // Booked calls of `from_phone` not over by `now_ms` become `to_phone`'s
  // (an agent's new WhatsApp number), in one statement that leaves their
  // other columns as they are; returns how many.
  virtual std::size_t move_to_agent(std::string_view from_phone, std::string_view to_phone, std::int64_t now_ms) = 0;
  // Booked calls over by `now_ms` become done; returns them.
  virtual std::vector<CallRecord> finish_past(std::int64_t now_ms) = 0;
  virtual bool any_past(std::int64_t now_ms) = 0;
  // Calls ending after `from_ms`, earliest first, for the admin API.
  virtual std::vector<CallRecord> upcoming(std::int64_t from_ms, std::size_t limit) = 0;
};

// Settings an admin changed at run time.
class SettingsTable {
 public:
  virtual ~SettingsTable() = default;
  virtual std::optional<std::string> get(std::string_view key) = 0;
  virtual void put(std::string_view key, std::string_view value, std::int64_t now_ms) = 0;
  virtual void erase(std::string_view key) = 0;
  // An admin's setting: `value`, or erased when it is empty (back to the flags).
  void put_or_erase(std::string_view key, std::string_view value, std::int64_t now_ms) {
    if (value.empty()) erase(key);
    else put(key, value, now_ms);
  }
};

// What admins did, newest last; kept like the chats' data (not erased with
// a chat: it names rows and codes, never a visitor's words).
class AuditTable {
 public:
  virtual ~AuditTable() = default;
  virtual std::int64_t append(const AuditEntry& entry) = 0;
  // The newest `limit` entries with id < before (0: from the newest), newest first.
  virtual std::vector<AuditEntry> recent(std::size_t limit, std::int64_t before = 0) = 0;
};

// What privacy asks of the store: every chat of one visitor, the chats the
// retention policy has aged out, and erasing a chat with all it left behind
// (docs/security.md, "Privacy").
class PrivacyTable {
 public:
  virtual ~PrivacyTable() = default;
  // Chats of whoever gave this phone (E.164; as a contact, a WhatsApp number
  // or a call-back number) or this e-mail (any case); an empty one matches nothing.
  virtual std::vector<std::string> sessions_of_visitor(std::string_view phone, std::string_view email) = 0;
  // Chats with nothing new since `before_ms`, oldest first.
  virtual std::vector<std::string> idle_since(std::int64_t before_ms, std::size_t limit) = 0;
  // Deletes the chat and everything that refers to it: messages, status
  // changes, WhatsApp copies and inbound records, assistant turns, the wait,
  // e-mails, calls, consents, and the visitor's WhatsApp contact. The store also
  // overwrites what it freed (no readable trace stays in its files).
  virtual void erase_session(std::string_view session_id) = 0;
  virtual void record_consent(const ConsentRecord& consent) = 0;
  virtual std::vector<ConsentRecord> consents(std::string_view session_id) = 0;
};

// The site's conversions, per chat.
class ConversionTable {
 public:
  virtual ~ConversionTable() = default;
  // False when this chat already has a conversion with that cid (nothing written).
  virtual bool record(const ConversionRecord& conversion) = 0;
  virtual std::vector<ConversionRecord> of_session(std::string_view session_id) = 0;
  virtual std::int64_t count_since(std::string_view session_id, std::int64_t since_ms) = 0;
};

// The satisfaction survey's answers.
class RatingTable {
 public:
  virtual ~RatingTable() = default;
  // False when that survey was answered before (nothing written).
  virtual bool record(const RatingRecord& rating) = 0;
  virtual std::vector<RatingRecord> of_session(std::string_view session_id) = 0;
};

// What chats used that costs money (success metrics' cost per resolution).
class UsageTable {
 public:
  virtual ~UsageTable() = default;
  // Once per wamid: a later status with the same pricing changes nothing.
  virtual void record_charge(const WhatsappCharge& charge) = 0;
  virtual void add_model_tokens(std::string_view session_id, std::int64_t input_tokens, std::int64_t output_tokens,
                                std::int64_t at_ms) = 0;
  virtual ChatUsage of_session(std::string_view session_id) = 0;
};

// The success metrics' reads: a period's chats in a few statements, without
// opening any chat's sealed text.
class MetricsTable {
 public:
  virtual ~MetricsTable() = default;
  // The chats created in [from_ms, to_ms), oldest first, at most `limit`.
  virtual std::vector<ChatMetricFacts> chats(std::int64_t from_ms, std::int64_t to_ms, std::size_t limit) = 0;
};

// Files of chats (docs/attachments.md), the media ids WhatsApp gave for
// them, and inbound media still to download.
class AttachmentTable {
 public:
  virtual ~AttachmentTable() = default;
  // Throws DuplicateKey when the chat already has these bytes.
  virtual void insert(const AttachmentRecord& record) = 0;
  virtual std::optional<AttachmentRecord> find(std::string_view session_id, std::string_view id) = 0;
  virtual std::optional<AttachmentRecord> find_by_sha(std::string_view session_id, std::string_view sha256) = 0;
  // Bytes of all the chat's files.
  virtual std::uint64_t bytes_used(std::string_view session_id) = 0;
  virtual void claim(std::string_view id) = 0;
  // An unclaimed upload sent again: its hour before the sweep starts anew.
  virtual void touch(std::string_view id, std::int64_t now_ms) = 0;
  // Files no message took, uploaded before `before_ms`, oldest first.
  virtual std::vector<AttachmentRecord> unclaimed_before(std::int64_t before_ms, std::size_t limit) = 0;
  // Deletes the rows (one file, or all of a chat's) and gives the hashes no
  // row names any more; they are also put in the trash, whose files the
  // sweep removes (on the writer thread, so an upload of the same bytes in
  // between is seen: in_use).
  virtual std::vector<std::string> remove(std::string_view id) = 0;
  virtual std::vector<std::string> remove_session(std::string_view session_id) = 0;
  virtual std::vector<std::string> trash(std::size_t limit) = 0;
  virtual bool in_use(std::string_view sha256) = 0;
  virtual void empty_trash(std::string_view sha256) = 0;

  // A media id Meta gave for these bytes on this number, uploaded at or after `since_ms`.
  virtual std::optional<std::string> media_id(std::string_view sha256, std::string_view phone_number_id,
                                              std::int64_t since_ms) = 0;
  virtual void save_media_id(std::string_view sha256, std::string_view phone_number_id, std::string_view media_id,
                             std::int64_t now_ms) = 0;

  virtual void queue_fetch(const MediaFetchRecord& fetch) = 0;
  // Fetches due by `now_ms`, oldest first.
  virtual std::vector<MediaFetchRecord> due_fetches(std::int64_t now_ms, std::size_t limit) = 0;
  virtual std::optional<MediaFetchRecord> find_fetch(std::string_view wamid) = 0;
  // Writes attempts, next_attempt_ms and last_error.
  virtual void update_fetch(const MediaFetchRecord& fetch) = 0;
  // The message as it now reads (its sender edited the caption meanwhile).
  virtual void rewrite_fetch(std::string_view wamid, std::string_view inbound) = 0;
  virtual void finish_fetch(std::string_view wamid) = 0;
  virtual std::int64_t count_fetches() = 0;
};

class StoreTx {
 public:
  virtual ~StoreTx() = default;
  virtual SessionTable& sessions() = 0;
  virtual MessageTable& messages() = 0;
  virtual OutboxTable& outbox() = 0;
  virtual WhatsappTable& whatsapp() = 0;
  virtual AssistantTable& assistant() = 0;
  virtual AgentTable& agents() = 0;
  virtual MailTable& mail() = 0;
  virtual QueueTable& queue() = 0;
  virtual CallTable& calls() = 0;
  virtual SettingsTable& settings() = 0;
  virtual PrivacyTable& privacy() = 0;
  virtual AuditTable& audit() = 0;
  virtual ConversionTable& conversions() = 0;
  virtual UsageTable& usage() = 0;
  virtual RatingTable& ratings() = 0;
  virtual MetricsTable& metrics() = 0;
  virtual AttachmentTable& attachments() = 0;
};

// A UNIQUE constraint refused a row: the caller decides if that is a retry.
class DuplicateKey : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace baton
