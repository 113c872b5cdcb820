#pragma once
// The store's tables in SQL, all on one connection: SQLite's or PostgreSQL's.

#include <utility>

#include "relay/store/sql/chat_keys.hpp"
#include "relay/store/sql_connection.hpp"
#include "relay/store/store_tx.hpp"

namespace baton::sql {

class SqlSessionTable final : public SessionTable {
 public:
  SqlSessionTable(Connection& db, ChatKeys& keys) : db_(db), keys_(keys) {}
  void insert(const SessionRecord& session) override;
  std::optional<SessionRecord> find(std::string_view id) override;
  std::optional<SessionRecord> find_by_code(std::string_view code) override;
  std::optional<SessionRecord> find_by_token_hash(std::string_view token_hash) override;
  void update(const SessionRecord& session) override;
  std::uint64_t next_seq(std::string_view id, std::int64_t active_ms) override;
  std::int64_t count_open_for_agent(std::string_view agent_phone) override;
  std::int64_t count_with_person_from(std::string_view address, std::string_view except) override;
  void set_handoff_address(std::string_view session_id, std::string_view address) override;
  std::vector<SessionRecord> open_for_agent(std::string_view agent_phone) override;
  std::optional<SessionRecord> latest_for_visitor_whatsapp(std::string_view phone, bool open_and_joined) override;
  std::vector<SessionRecord> recent(std::size_t limit) override;

 private:
  std::optional<SessionRecord> find_where(const std::string& select, std::string_view value);
  Connection& db_;
  ChatKeys& keys_;
};

class SqlMessageTable final : public MessageTable {
 public:
  SqlMessageTable(Connection& db, ChatKeys& keys) : db_(db), keys_(keys) {}
  void insert(std::string_view session_id, const Message& message, std::string_view inbound_wamid) override;
  std::optional<Message> find_by_cid(std::string_view session_id, std::string_view cid) override;
  std::optional<Message> find(std::string_view session_id, std::string_view message_id) override;
  std::optional<std::pair<std::string, Message>> locate(std::string_view id_or_wamid) override;
  std::string inbound_wamid(std::string_view session_id, std::string_view message_id) override;
  std::string newest_inbound_wamid(std::string_view session_id, Author author, std::uint64_t seq) override;
  void set_status(std::string_view message_id, MessageStatus status) override;
  void rewrite(std::string_view session_id, const Message& message) override;
  std::vector<std::string> forget_edits(std::string_view session_id, std::string_view message_id) override;
  std::size_t count_carrying(std::string_view session_id, std::string_view attachment_id) override;
  void insert_status_change(std::string_view session_id, const StatusChange& change) override;
  std::vector<Message> after(std::string_view session_id, std::uint64_t after, std::size_t limit) override;
  std::vector<Message> latest(std::string_view session_id, std::size_t limit) override;
  std::size_t count_before(std::string_view session_id, std::uint64_t seq) override;
  std::vector<LogEntry> log_after(std::string_view session_id, std::uint64_t after, std::size_t limit) override;

 private:
  Connection& db_;
  ChatKeys& keys_;
};

// Whether a write transaction's reads of rows it may change lock them. On
// PostgreSQL relays of a cluster write the same rows at once (two claim one
// outbox row); SQLite has one writer, which locks the whole database.
enum class RowLocks { none, for_update };
// What a locking read appends to its SELECT.
inline std::string lock_clause(RowLocks locks) { return locks == RowLocks::for_update ? " FOR UPDATE" : ""; }

class SqlOutboxTable final : public OutboxTable {
 public:
  SqlOutboxTable(Connection& db, ChatKeys& keys, RowLocks locks) : db_(db), keys_(keys), locks_(locks) {}
  std::int64_t insert(const OutboxRecord& record) override;
  std::optional<OutboxRecord> find(std::int64_t id) override;
  std::optional<OutboxRecord> find_by_wamid(std::string_view wamid) override;
  void update(const OutboxRecord& record) override;
  std::vector<OutboxRecord> open() override;
  std::vector<OutboxRecord> awaiting_window(std::string_view recipient) override;
  bool has_template_since(std::string_view recipient, std::int64_t since_ms) override;
  std::int64_t count(OutboxState state) override;
  std::int64_t count_since(OutboxPurpose purpose, std::string_view recipient, std::int64_t since_ms) override;
  std::vector<OutboxRecord> awaiting_window_for_session(std::string_view recipient,
                                                        std::string_view session_id) override;
  std::optional<OutboxRecord> unsent_relay(std::string_view session_id, std::string_view recipient) override;
  std::vector<OutboxRecord> open_for_session(std::string_view session_id) override;
  std::vector<OutboxRecord> copies_of(std::string_view session_id, std::string_view message_id) override;

 private:
  Connection& db_;
  ChatKeys& keys_;
  RowLocks locks_;
};

class SqlWhatsappTable final : public WhatsappTable {
 public:
  SqlWhatsappTable(Connection& db, ChatKeys& keys) : db_(db), keys_(keys) {}
  bool remember_inbound(std::string_view wamid, std::string_view sender, std::int64_t received_ms) override;
  std::string inbound_sender(std::string_view wamid) override;
  void route_inbound(std::string_view wamid, std::string_view session_id, std::string_view summary) override;
  bool remember_status(std::string_view wamid, std::string_view status, std::int64_t received_ms) override;
  bool status_seen(std::string_view wamid, std::initializer_list<std::string_view> statuses) override;
  std::optional<ContactRecord> contact_by_phone(std::string_view phone) override;
  std::optional<ContactRecord> contact_by_user_id(std::string_view user_id) override;
  void save_contact(const ContactRecord& contact) override;
  void point_contact_at(std::string_view phone, std::string_view session_id) override;
  void record_error(std::int64_t code, std::string_view title, std::string_view details,
                    std::int64_t received_ms) override;

 private:
  std::optional<ContactRecord> contact_where(std::string_view column, std::string_view value);
  Connection& db_;
  ChatKeys& keys_;
};

class SqlAssistantTable final : public AssistantTable {
 public:
  explicit SqlAssistantTable(Connection& db) : db_(db) {}
  void record(const AssistantTurnRecord& turn) override;
  std::vector<AssistantTurnRecord> recent(std::string_view session_id, std::size_t limit) override;

 private:
  Connection& db_;
};

class SqlAgentTable final : public AgentTable {
 public:
  explicit SqlAgentTable(Connection& db) : db_(db) {}
  std::optional<AgentPresenceRecord> presence(std::string_view phone) override;
  void save_presence(const AgentPresenceRecord& presence) override;

 private:
  Connection& db_;
};

class SqlMailTable final : public MailTable {
 public:
  SqlMailTable(Connection& db, ChatKeys& keys, RowLocks locks) : db_(db), keys_(keys), locks_(locks) {}
  std::int64_t insert(const MailRecord& mail) override;
  std::vector<MailRecord> due(std::int64_t now_ms, std::size_t limit) override;
  std::optional<MailRecord> find(std::int64_t id) override;
  void update(const MailRecord& mail) override;
  std::int64_t count_since(std::string_view purpose, std::string_view recipient, std::int64_t since_ms) override;
  std::vector<MailRecord> recent(std::size_t limit) override;
  std::vector<MailRecord> for_session(std::string_view session_id) override;
  std::int64_t prune(std::int64_t before_ms) override;

 private:
  Connection& db_;
  ChatKeys& keys_;
  RowLocks locks_;
};

class SqlQueueTable final : public QueueTable {
 public:
  SqlQueueTable(Connection& db, RowLocks locks) : db_(db), locks_(locks) {}
  void start_wait(std::string_view session_id, std::int64_t since_ms) override;
  void end_wait(std::string_view session_id) override;
  std::vector<std::string> overdue(std::int64_t before_ms, std::size_t limit) override;
  void mark_offered(std::string_view session_id, std::int64_t at_ms) override;
  std::optional<std::int64_t> since(std::string_view session_id) override;
  std::vector<std::pair<std::string, std::string>> waiting() override;
  void record_wait(std::int64_t waited_ms, std::int64_t ended_ms) override;
  std::vector<std::int64_t> recent_waits(std::size_t limit) override;
  static constexpr std::int64_t kept_waits = 200;

 private:
  Connection& db_;
  RowLocks locks_;
};

class SqlCallTable final : public CallTable {
 public:
  SqlCallTable(Connection& db, ChatKeys& keys, RowLocks locks) : db_(db), keys_(keys), locks_(locks) {}
  std::int64_t insert(const CallRecord& call) override;
  std::optional<CallRecord> find(std::int64_t id) override;
  std::optional<CallRecord> booked_for_session(std::string_view session_id, std::int64_t now_ms) override;
  std::optional<CallRecord> latest_for_session(std::string_view session_id) override;
  std::vector<CallRecord> for_session(std::string_view session_id) override;
  std::vector<CallRecord> booked_between(std::int64_t from_ms, std::int64_t to_ms) override;
  std::vector<CallRecord> due_reminders(std::int64_t start_by_ms, std::int64_t now_ms) override;
  void update(const CallRecord& call) override;
  std::size_t move_to_agent(std::string_view from_phone, std::string_view to_phone, std::int64_t now_ms) override;
  std::vector<CallRecord> finish_past(std::int64_t now_ms) override;
  bool any_past(std::int64_t now_ms) override;
  std::vector<CallRecord> upcoming(std::int64_t from_ms, std::size_t limit) override;

 private:
  std::vector<CallRecord> read_all(Statement& stmt);
  std::optional<CallRecord> read_one(Statement& stmt);
  Connection& db_;
  ChatKeys& keys_;
  RowLocks locks_;
};

class SqlSettingsTable final : public SettingsTable {
 public:
  explicit SqlSettingsTable(Connection& db) : db_(db) {}
  std::optional<std::string> get(std::string_view key) override;
  void put(std::string_view key, std::string_view value, std::int64_t now_ms) override;
  void erase(std::string_view key) override;

 private:
  Connection& db_;
};

class SqlAuditTable final : public AuditTable {
 public:
  explicit SqlAuditTable(Connection& db) : db_(db) {}
  std::int64_t append(const AuditEntry& entry) override;
  std::vector<AuditEntry> recent(std::size_t limit, std::int64_t before) override;

 private:
  Connection& db_;
};

// E-mail addresses are found without regard to case.
std::string email_key(std::string_view email);

class SqlPrivacyTable final : public PrivacyTable {
 public:
  SqlPrivacyTable(Connection& db, ChatKeys& keys) : db_(db), keys_(keys) {}
  std::vector<std::string> sessions_of_visitor(std::string_view phone, std::string_view email) override;
  std::vector<std::string> idle_since(std::int64_t before_ms, std::size_t limit) override;
  void erase_session(std::string_view session_id) override;
  void record_consent(const ConsentRecord& consent) override;
  std::vector<ConsentRecord> consents(std::string_view session_id) override;
  // Whether anything was erased since the last call (the store then clears
  // the journal of the freed pages once the transaction commits).
  bool take_erased() { return std::exchange(erased_, false); }

 private:
  Connection& db_;
  ChatKeys& keys_;
  bool erased_ = false;
};

class SqlConversionTable final : public ConversionTable {
 public:
  explicit SqlConversionTable(Connection& db) : db_(db) {}
  bool record(const ConversionRecord& conversion) override;
  std::vector<ConversionRecord> of_session(std::string_view session_id) override;
  std::int64_t count_since(std::string_view session_id, std::int64_t since_ms) override;

 private:
  Connection& db_;
};

class SqlUsageTable final : public UsageTable {
 public:
  explicit SqlUsageTable(Connection& db) : db_(db) {}
  void record_charge(const WhatsappCharge& charge) override;
  void add_model_tokens(std::string_view session_id, std::int64_t input_tokens, std::int64_t output_tokens,
                        std::int64_t at_ms) override;
  ChatUsage of_session(std::string_view session_id) override;

 private:
  Connection& db_;
};

class SqlMetricsTable final : public MetricsTable {
 public:
  explicit SqlMetricsTable(Connection& db) : db_(db) {}
  std::vector<ChatMetricFacts> chats(std::int64_t from_ms, std::int64_t to_ms, std::size_t limit) override;

 private:
  Connection& db_;
};

class SqlRatingTable final : public RatingTable {
 public:
  SqlRatingTable(Connection& db, ChatKeys& keys) : db_(db), keys_(keys) {}
  bool record(const RatingRecord& rating) override;
  std::vector<RatingRecord> of_session(std::string_view session_id) override;

 private:
  Connection& db_;
  ChatKeys& keys_;
};

class SqlAttachmentTable final : public AttachmentTable {
 public:
  SqlAttachmentTable(Connection& db, ChatKeys& keys) : db_(db), keys_(keys) {}
  void insert(const AttachmentRecord& record) override;
  std::optional<AttachmentRecord> find(std::string_view session_id, std::string_view id) override;
  std::optional<AttachmentRecord> find_by_sha(std::string_view session_id, std::string_view sha256) override;
  std::uint64_t bytes_used(std::string_view session_id) override;
  void claim(std::string_view id) override;
  void touch(std::string_view id, std::int64_t now_ms) override;
  std::vector<AttachmentRecord> unclaimed_before(std::int64_t before_ms, std::size_t limit) override;
  std::vector<std::string> remove(std::string_view id) override;
  std::vector<std::string> remove_session(std::string_view session_id) override;
  std::vector<std::string> trash(std::size_t limit) override;
  bool in_use(std::string_view sha256) override;
  void empty_trash(std::string_view sha256) override;
  std::optional<std::string> media_id(std::string_view sha256, std::string_view phone_number_id,
                                      std::int64_t since_ms) override;
  void save_media_id(std::string_view sha256, std::string_view phone_number_id, std::string_view media_id,
                     std::int64_t now_ms) override;
  void queue_fetch(const MediaFetchRecord& fetch) override;
  std::vector<MediaFetchRecord> due_fetches(std::int64_t now_ms, std::size_t limit) override;
  std::optional<MediaFetchRecord> find_fetch(std::string_view wamid) override;
  void update_fetch(const MediaFetchRecord& fetch) override;
  void rewrite_fetch(std::string_view wamid, std::string_view inbound) override;
  void finish_fetch(std::string_view wamid) override;
  std::int64_t count_fetches() override;

 private:
  std::vector<std::string> remove_where(std::string_view column, std::string_view value);

  Connection& db_;
  ChatKeys& keys_;
};

class SqlTx final : public StoreTx {
 public:
  SqlTx(Connection& db, ChatKeys& keys, RowLocks locks = RowLocks::none)
      : sessions_(db, keys),
        messages_(db, keys),
        outbox_(db, keys, locks),
        whatsapp_(db, keys),
        assistant_(db),
        agents_(db),
        mail_(db, keys, locks),
        queue_(db, locks),
        calls_(db, keys, locks),
        settings_(db),
        privacy_(db, keys),
        audit_(db),
        conversions_(db),
        usage_(db),
        ratings_(db, keys),
        metrics_(db),
        attachments_(db, keys) {}
  SessionTable& sessions() override { return sessions_; }
  MessageTable& messages() override { return messages_; }
  OutboxTable& outbox() override { return outbox_; }
  WhatsappTable& whatsapp() override { return whatsapp_; }
  AssistantTable& assistant() override { return assistant_; }
  AgentTable& agents() override { return agents_; }
  MailTable& mail() override { return mail_; }
  QueueTable& queue() override { return queue_; }
  CallTable& calls() override { return calls_; }
  SettingsTable& settings() override { return settings_; }
  SqlPrivacyTable& privacy() override { return privacy_; }
  AuditTable& audit() override { return audit_; }
  ConversionTable& conversions() override { return conversions_; }
  UsageTable& usage() override { return usage_; }
  RatingTable& ratings() override { return ratings_; }
  MetricsTable& metrics() override { return metrics_; }
  AttachmentTable& attachments() override { return attachments_; }

 private:
  SqlSessionTable sessions_;
  SqlMessageTable messages_;
  SqlOutboxTable outbox_;
  SqlWhatsappTable whatsapp_;
  SqlAssistantTable assistant_;
  SqlAgentTable agents_;
  SqlMailTable mail_;
  SqlQueueTable queue_;
  SqlCallTable calls_;
  SqlSettingsTable settings_;
  SqlPrivacyTable privacy_;
  SqlAuditTable audit_;
  SqlConversionTable conversions_;
  SqlUsageTable usage_;
  SqlRatingTable ratings_;
  SqlMetricsTable metrics_;
  SqlAttachmentTable attachments_;
};

}  // namespace baton::sql
