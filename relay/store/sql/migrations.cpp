#include "relay/store/sql/migrations.hpp"

#include <array>

namespace baton::sql {
namespace {

// Append only: a released migration never changes.
constexpr std::array<std::string_view, 23> all{R"sql(
CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  code        TEXT NOT NULL UNIQUE,
  state       TEXT NOT NULL,
  mode        TEXT NOT NULL,
  created_ms  INTEGER NOT NULL,
  updated_ms  INTEGER NOT NULL,
  last_seq    INTEGER NOT NULL,
  context     BLOB NOT NULL,
  agent_phone TEXT NOT NULL DEFAULT '',
  origin      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_by_agent ON sessions(agent_phone, state);
CREATE INDEX sessions_by_update ON sessions(updated_ms);

CREATE TABLE messages (
  session_id    TEXT NOT NULL REFERENCES sessions(id),
  seq           INTEGER NOT NULL,
  id            TEXT NOT NULL UNIQUE,
  cid           TEXT,
  author        TEXT NOT NULL,
  author_name   TEXT NOT NULL,
  kind          TEXT NOT NULL,
  text          TEXT NOT NULL,
  status        TEXT NOT NULL,
  ts_ms         INTEGER NOT NULL,
  inbound_wamid TEXT UNIQUE,
  PRIMARY KEY (session_id, seq),
  UNIQUE (session_id, cid)
) STRICT;

CREATE TABLE status_changes (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  seq        INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  status     TEXT NOT NULL,
  ts_ms      INTEGER NOT NULL,
  PRIMARY KEY (session_id, seq)
) STRICT;

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  session_id      TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  kind            TEXT NOT NULL,
  body            TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  state           TEXT NOT NULL,
  attempts        INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  created_ms      INTEGER NOT NULL,
  wamid           TEXT UNIQUE,
  last_error      TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_by_state ON outbox(state, id);
CREATE INDEX outbox_by_recipient ON outbox(recipient, state);

CREATE TABLE wa_inbound (
  wamid       TEXT PRIMARY KEY,
  sender      TEXT NOT NULL,
  received_ms INTEGER NOT NULL,
  session_id  TEXT NOT NULL DEFAULT '',
  summary     TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE wa_statuses (
  wamid       TEXT NOT NULL,
  status      TEXT NOT NULL,
  received_ms INTEGER NOT NULL,
  PRIMARY KEY (wamid, status)
) STRICT, WITHOUT ROWID;

CREATE TABLE contacts (
  id              INTEGER PRIMARY KEY,
  phone           TEXT UNIQUE,
  user_id         TEXT UNIQUE,
  name            TEXT NOT NULL,
  last_inbound_ms INTEGER NOT NULL,
  last_session_id TEXT NOT NULL
) STRICT;

CREATE TABLE wa_errors (
  id          INTEGER PRIMARY KEY,
  code        INTEGER NOT NULL,
  title       TEXT NOT NULL,
  details     TEXT NOT NULL,
  received_ms INTEGER NOT NULL
) STRICT;
)sql",
                                               R"sql(
CREATE TABLE assistant_turns (
  session_id   TEXT NOT NULL REFERENCES sessions(id),
  question_seq INTEGER NOT NULL,
  answer_seq   INTEGER NOT NULL,
  outcome      TEXT NOT NULL,
  source       TEXT NOT NULL,
  ts_ms        INTEGER NOT NULL,
  PRIMARY KEY (session_id, question_seq)
) STRICT, WITHOUT ROWID;
)sql",
                                               R"sql(
CREATE TABLE agent_presence (
  phone      TEXT PRIMARY KEY,
  away       INTEGER NOT NULL,
  changed_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql",
                                               R"sql(
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  session_id      TEXT NOT NULL REFERENCES sessions(id),
  purpose         TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  message         TEXT NOT NULL,
  state           TEXT NOT NULL,
  attempts        INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  last_error      TEXT NOT NULL,
  created_ms      INTEGER NOT NULL,
  settled_ms      INTEGER NOT NULL
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_ms);
)sql",
                                               R"sql(
CREATE TABLE queue_waits (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id),
  since_ms   INTEGER NOT NULL,
  offered_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql",
                                               R"sql(
CREATE TABLE wait_history (
  id        INTEGER PRIMARY KEY,
  waited_ms INTEGER NOT NULL,
  ended_ms  INTEGER NOT NULL
) STRICT;
)sql",
                                               R"sql(
ALTER TABLE sessions ADD COLUMN visitor_whatsapp TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN whatsapp_joined_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_by_visitor_whatsapp ON sessions(visitor_whatsapp) WHERE visitor_whatsapp != '';

CREATE TABLE calls (
  id            INTEGER PRIMARY KEY,
  session_id    TEXT NOT NULL REFERENCES sessions(id),
  start_ms      INTEGER NOT NULL,
  end_ms        INTEGER NOT NULL,
  agent_phone   TEXT NOT NULL,
  visitor_phone TEXT NOT NULL,
  visitor_name  TEXT NOT NULL,
  state         TEXT NOT NULL,
  reminded_ms   INTEGER NOT NULL,
  created_ms    INTEGER NOT NULL,
  cancelled_ms  INTEGER NOT NULL,
  cancelled_by  TEXT NOT NULL
) STRICT;
-- The guarantees booking relies on: an agent takes one call per slot, and a
-- chat books one call at a time. A second booking fails in the database.
CREATE UNIQUE INDEX calls_one_per_agent_slot ON calls(agent_phone, start_ms) WHERE state = 'booked';
CREATE UNIQUE INDEX calls_one_per_session ON calls(session_id) WHERE state = 'booked';
CREATE INDEX calls_by_start ON calls(state, start_ms);
)sql",
                                               R"sql(
-- What an admin changed while the relay ran (business hours), kept over
-- restarts; it wins over the flags until cleared.
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql",
                                               R"sql(
-- The last entry before the chat moved to WhatsApp: what the agent wrote
-- after it is sent to the visitor's WhatsApp when that number joins.
ALTER TABLE sessions ADD COLUMN whatsapp_since_seq INTEGER NOT NULL DEFAULT 0;
)sql",
                                               R"sql(
-- Who the visitor said they are (from the context, kept in step with it), so
-- that export and erase find every chat of one person.
ALTER TABLE sessions ADD COLUMN visitor_email TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN visitor_phone TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_by_visitor_email ON sessions(visitor_email) WHERE visitor_email != '';
CREATE INDEX sessions_by_visitor_phone ON sessions(visitor_phone) WHERE visitor_phone != '';
)sql",
                                               R"sql(
-- A visitor's messages that backed up behind WhatsApp's pair limit go to
-- the agent as one message: the ids of the messages joined to the first.
ALTER TABLE outbox ADD COLUMN more_message_ids TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_by_session ON outbox(session_id, state) WHERE session_id != '';
)sql",
                                               R"sql(
-- Conversation data is encrypted with a key per chat (chat_keys.hpp). A
-- chat written before is encrypted in place at start (legacy_sealing.hpp);
-- `sealed` says which chats are done. A call's number is found by its
-- keyed hash.
ALTER TABLE sessions ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN visitor_phone_index TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_unsealed ON sessions(id) WHERE sealed = 0;
)sql",
                                               R"sql(
-- Each consent a visitor gave in a handoff form, kept with the chat.
CREATE TABLE consents (
  id         INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  mode       TEXT NOT NULL,
  given_ms   INTEGER NOT NULL,
  language   TEXT NOT NULL,
  wording    TEXT NOT NULL
) STRICT;
CREATE INDEX consents_by_session ON consents(session_id);
)sql",
                                               R"sql(
-- The address (a keyed hash of it) a person was asked for from, so that one
-- address holds only so many agents at once (--limit-open-handoffs-per-ip).
ALTER TABLE sessions ADD COLUMN handoff_address TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_by_handoff_address ON sessions(handoff_address, state) WHERE handoff_address != '';
)sql",
                                               R"sql(
-- A reaction's message: the id of the message it reacts to (shown on it).
ALTER TABLE messages ADD COLUMN about TEXT NOT NULL DEFAULT '';
)sql",
                                               R"sql(
-- What admins did from the console or the API (relay/api/admin_actions.hpp).
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at_ms   INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL,
  detail  TEXT NOT NULL,
  outcome TEXT NOT NULL
) STRICT;
)sql",
                                               R"sql(
-- The success metrics read chats by when they began (admin analytics).
CREATE INDEX sessions_by_created ON sessions(created_ms);
)sql",
                                               R"sql(
-- A call's time inside a notice's text, which the widget rewords (TimeInText).
ALTER TABLE messages ADD COLUMN time_from_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN time_to_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN time_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN time_size INTEGER NOT NULL DEFAULT 0;
)sql",
                                               R"sql(
-- What the site counted as a success after a chat (ChatWidget.track with a
-- value), once per page-chosen id.
CREATE TABLE conversions (
  id         INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  cid        TEXT NOT NULL,
  event      TEXT NOT NULL,
  value      REAL NOT NULL,
  currency   TEXT NOT NULL,
  at_ms      INTEGER NOT NULL,
  UNIQUE (session_id, cid)
) STRICT;
)sql",
                                               R"sql(
-- What chats used that costs money: messages Meta priced (once each) and
-- the model's tokens (docs/metrics.md, "Cost per resolution").
CREATE TABLE wa_charges (
  wamid      TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  category   TEXT NOT NULL,
  billable   INTEGER NOT NULL,
  at_ms      INTEGER NOT NULL
) STRICT;
CREATE INDEX wa_charges_by_session ON wa_charges(session_id);
CREATE TABLE model_usage (
  id            INTEGER PRIMARY KEY,
  session_id    TEXT NOT NULL REFERENCES sessions(id),
  input_tokens  INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  at_ms         INTEGER NOT NULL
) STRICT;
CREATE INDEX model_usage_by_session ON model_usage(session_id);
)sql",
                                               R"sql(
-- The satisfaction survey's answers, once per survey (docs/metrics.md).
CREATE TABLE ratings (
  survey_id   TEXT PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions(id),
  score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment     TEXT NOT NULL,
  agent_phone TEXT NOT NULL,
  at_ms       INTEGER NOT NULL
) STRICT;
CREATE INDEX ratings_by_session ON ratings(session_id);
)sql",
                                               R"sql(
-- Attachments (docs/attachments.md): the bytes live in the blob store under
-- their SHA-256; a row scopes them to one chat. `name` is sealed with the
-- chat's key; `claimed` once a message carries it.
CREATE TABLE attachments (
  id         TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  kind       TEXT NOT NULL,
  mime       TEXT NOT NULL,
  name       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  claimed    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (session_id, sha256)
) STRICT;
CREATE INDEX attachments_by_sha ON attachments(sha256);
CREATE INDEX attachments_unclaimed ON attachments(claimed, created_ms);

-- A message's file, as the message shows it (the row above holds the bytes' key).
ALTER TABLE messages ADD COLUMN attachment_id TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN attachment_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN attachment_mime TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN attachment_size INTEGER NOT NULL DEFAULT 0;

-- A WhatsApp copy of a message with a file; a reaction's target message.
ALTER TABLE outbox ADD COLUMN attachment_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN about_wamid TEXT NOT NULL DEFAULT '';

-- Media ids Meta gave for uploaded bytes, per business number: reused until
-- shortly before Meta forgets them (30 days).
CREATE TABLE wa_media (
  sha256          TEXT NOT NULL,
  phone_number_id TEXT NOT NULL,
  media_id        TEXT NOT NULL,
  uploaded_ms     INTEGER NOT NULL,
  PRIMARY KEY (sha256, phone_number_id)
) STRICT;

-- Hashes no attachment row names any more: their files go on the next sweep.
CREATE TABLE blob_trash (sha256 TEXT PRIMARY KEY) STRICT;

-- Inbound media waiting to be downloaded before it joins its chat. `inbound`
-- is the webhook's message (JSON, sealed: it may hold a caption).
CREATE TABLE media_fetches (
  wamid           TEXT PRIMARY KEY,
  inbound         TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  created_ms      INTEGER NOT NULL,
  last_error      TEXT NOT NULL DEFAULT ''
) STRICT;
)sql",
                                               R"sql(
-- Only messages with a client id (the visitor's own) enter the client-id
-- index, and only those with a WhatsApp id the WhatsApp-id index. Every
-- entry is a page that a commit writes and a checkpoint copies and syncs:
-- the client-id index took a third of a checkpoint's pages under a stream
-- of agents' replies, which never have one (docs/benchmarks.md). A table's
-- constraints cannot be changed in place, so it is copied.
CREATE TABLE messages_new (
  session_id      TEXT NOT NULL REFERENCES sessions(id),
  seq             INTEGER NOT NULL,
  id              TEXT NOT NULL UNIQUE,
  cid             TEXT,
  author          TEXT NOT NULL,
  author_name     TEXT NOT NULL,
  kind            TEXT NOT NULL,
  text            TEXT NOT NULL,
  status          TEXT NOT NULL,
  ts_ms           INTEGER NOT NULL,
  inbound_wamid   TEXT,
  about           TEXT NOT NULL DEFAULT '',
  time_from_ms    INTEGER NOT NULL DEFAULT 0,
  time_to_ms      INTEGER NOT NULL DEFAULT 0,
  time_at         INTEGER NOT NULL DEFAULT 0,
  time_size       INTEGER NOT NULL DEFAULT 0,
  attachment_id   TEXT NOT NULL DEFAULT '',
  attachment_kind TEXT NOT NULL DEFAULT '',
  attachment_mime TEXT NOT NULL DEFAULT '',
  attachment_name TEXT NOT NULL DEFAULT '',
  attachment_size INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, seq)
) STRICT;
INSERT INTO messages_new (session_id, seq, id, cid, author, author_name, kind, text, status, ts_ms, inbound_wamid,
                          about, time_from_ms, time_to_ms, time_at, time_size, attachment_id, attachment_kind,
                          attachment_mime, attachment_name, attachment_size)
SELECT session_id, seq, id, cid, author, author_name, kind, text, status, ts_ms, inbound_wamid, about, time_from_ms,
       time_to_ms, time_at, time_size, attachment_id, attachment_kind, attachment_mime, attachment_name,
       attachment_size
FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE UNIQUE INDEX messages_by_cid ON messages(session_id, cid) WHERE cid IS NOT NULL;
CREATE UNIQUE INDEX messages_by_wamid ON messages(inbound_wamid) WHERE inbound_wamid IS NOT NULL;
)sql"};

}  // namespace

std::span<const std::string_view> migrations() { return all; }

}  // namespace baton::sql
