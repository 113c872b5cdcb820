#pragma once
// What visitors wrote is encrypted at rest with a key of its chat's own
// (AES-256-GCM): messages, the visitor's context, what waits to go to
// WhatsApp or by e-mail, a booked call's name and number. The chat keys live
// in a database of their own, chat-keys.db, each sealed with the relay's
// secret key. Erasing a chat destroys its key, so every copy of baton.db made
// before (a backup, a disk image) can no longer be read for that chat: only
// chat-keys.db's own backups need a short life (docs/security.md).
//
// A key reaches chat-keys.db before the chat that uses it is committed to
// baton.db (a crash in between leaves a key without a chat, removed at the
// next start), and is deleted only after the erase is committed.
//
// On PostgreSQL the keys are a table of the store's own database
// (chat_keys), written in the same transaction as the chat: a key and its
// chat commit together, and an erase deletes both at once
// (docs/postgresql.md says what that means for backups).
//
// One instance per connection and thread: the writer's creates and forgets
// keys, the reader's only reads them. A key read from the database is kept
// in memory for at most `cache_life`: the reader's copy of a key the writer
// has since deleted (or, in a cluster, another relay has) goes at its first
// use after that, so an erased chat's key does not stay in a relay's memory
// until it restarts.

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "relay/core/crypto.hpp"
#include "relay/core/secret_box.hpp"
#include "relay/store/sqlite_db.hpp"

namespace baton::sql {

class ChatKeys {
 public:
  // `master` is the relay's secret key (data/secret.key or --secret-key-file).
  // Keys in a SQLite file of their own:
  static constexpr std::chrono::milliseconds default_cache_life{60'000};
  ChatKeys(const std::filesystem::path& file, sqlite::Database::Mode mode, const SecretBox::Key& master,
           std::chrono::milliseconds cache_life = default_cache_life);
  // Keys in the chat_keys table of `db`, written in its transactions:
  ChatKeys(Connection& db, const SecretBox::Key& master, std::chrono::milliseconds cache_life = default_cache_life);

  // One value of a chat's data, sealed for a TEXT column (base64) or a BLOB
  // column (bytes). Empty stays empty. Sealing for a chat without a key
  // throws; opening what cannot be opened gives "" (and is counted). What
  // belongs to no chat (session_id "") is sealed with the secret key itself.
  std::string seal_text(std::string_view session_id, std::string_view plain);
  std::string open_text(std::string_view session_id, std::string_view stored);
  std::string seal_bytes(std::string_view session_id, std::string_view plain);
  std::string open_bytes(std::string_view session_id, std::string_view stored);

  // What is stored to find a chat by the visitor's e-mail or phone: a keyed
  // hash, so the column names nobody. "" for "".
  std::string visitor_index(std::string_view value) const;

  // The writer's side. `create` gives a new chat its key; `forget` destroys
  // it once the transaction that erased the chat commits.
  void create(std::string_view session_id);
  void forget(std::string_view session_id);
  bool has_key(std::string_view session_id);

  // Bookkeeping around the store's transactions: a job that fails undoes
  // what it created or forgot; the created keys are committed to
  // chat-keys.db before baton.db commits, the forgotten ones deleted after.
  // With the keys in the store's own database, commit_created writes both
  // in the transaction about to commit.
  void mark_job();
  void undo_job();
  void commit_created();
  void after_commit(bool committed);

  // Keys whose chat is not in `main` (a crash between the two commits).
  std::size_t remove_orphans(Connection& main);

 private:
  void check_master_key(std::string_view where);
  const SecretBox::Key* find(std::string_view session_id);
  // A chat's key, ready to seal and open (nullptr if it has none).
  KeyedBox* box(std::string_view session_id);
  void drop_box(std::string_view session_id);
  // Empties the caches (keeping the keys made in the batch under way, not in
  // the database yet) when full or older than cache_life_.
  void start_cache_over();
  void expire_cache();
  SecretBox box_for(const SecretBox::Key& key);
  void in_transaction(const std::function<void()>& work);
  void delete_forgotten();

  std::unique_ptr<sqlite::Database> own_db_;
  Connection& db_;
  // Whether the keys share the store's transactions (PostgreSQL).
  bool shared_;
  crypto::OsRandom random_;
  SecretBox::Key master_key_;
  KeyedBox master_box_;
  std::string index_key_;
  // Looked up by a chat id's view, with no string made for the lookup.
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
  };
  std::unordered_map<std::string, SecretBox::Key, IdHash, std::equal_to<>> cache_;
  // Ready ciphers, for the chats written or read most lately only: each
  // holds a key schedule and cipher state (about a kilobyte), which ten
  // thousand idle chats' keys must not each keep (docs/benchmarks.md).
  std::unordered_map<std::string, KeyedBox, IdHash, std::equal_to<>> boxes_;
  std::chrono::milliseconds cache_life_;
  std::chrono::steady_clock::time_point cache_started_;
  // Keys waiting for commit_created (sealed, and as they are), and erased
  // chats waiting for after_commit; each with the length it had when the
  // current job began.
  struct Created {
    std::string session_id;
    std::string sealed;
    SecretBox::Key key;
  };
  std::vector<Created> created_;
  std::vector<std::string> forgotten_;
  std::size_t created_mark_ = 0;
  std::size_t forgotten_mark_ = 0;
  // How many of forgotten_, from its start, belong to erases already
  // committed: a later batch that fails does not take them back.
  std::size_t forgotten_committed_ = 0;
};

}  // namespace baton::sql
