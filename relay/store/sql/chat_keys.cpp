#include "relay/store/sql/chat_keys.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <stdexcept>

#include "relay/core/metrics.hpp"

namespace baton::sql {
namespace {

// Enough for every chat active at once; past it the cache starts over
// rather than growing with every chat ever read.
constexpr std::size_t cached_keys = 16384;
// Chats sealed or opened lately, whose key schedules are kept (chat_keys.hpp).
constexpr std::size_t ready_boxes = 256;

metrics::Counter& unreadable() {
  static auto& counter = metrics::registry().counter(
      "baton_store_unreadable_values_total", "Stored chat data that could not be decrypted (its key missing or wrong)");
  return counter;
}

std::string key_bytes(const SecretBox::Key& key) {
  return std::string(reinterpret_cast<const char*>(key.data()), key.size());
}

}  // namespace

ChatKeys::ChatKeys(const std::filesystem::path& file, sqlite::Database::Mode mode, const SecretBox::Key& master,
                   std::chrono::milliseconds cache_life)
    : own_db_(std::make_unique<sqlite::Database>(file, mode)),
      db_(*own_db_),
      shared_(false),
      master_key_(master),
      master_box_(master, random_),
      cache_life_(cache_life),
      cache_started_(std::chrono::steady_clock::now()) {
  if (mode == sqlite::Database::Mode::read_write) {
    if (own_db_->read_only()) throw Error("cannot write " + file.string() + " (read-only file or disk)", 0);
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = FULL");
    db_.exec("PRAGMA secure_delete = ON");
    // A rowid table: a key is then only ever in a leaf page, which
    // secure_delete overwrites. An index b-tree (WITHOUT ROWID) may keep a
    // deleted row's copy in an interior page.
    db_.exec(
        "CREATE TABLE IF NOT EXISTS chat_keys (session_id TEXT NOT NULL UNIQUE, sealed TEXT NOT NULL, "
        "created_ms INTEGER NOT NULL) STRICT");
  } else {
    db_.exec("PRAGMA query_only = 1");
  }
  check_master_key(file.string());
}

ChatKeys::ChatKeys(Connection& db, const SecretBox::Key& master, std::chrono::milliseconds cache_life)
    : db_(db),
      shared_(true),
      master_key_(master),
      master_box_(master, random_),
      cache_life_(cache_life),
      cache_started_(std::chrono::steady_clock::now()) {
  check_master_key("the chat_keys table");
}

void ChatKeys::check_master_key(std::string_view where) {
  // Started with another secret key (--secret-key-file pointing elsewhere,
  // secret.key replaced), no chat could be read: say so instead.
  auto& first = db_.prepare("SELECT sealed FROM chat_keys LIMIT 1");
  if (first.step()) {
    auto opens = box_for(master_key_).open(first.text(0)).has_value();
    first.run();
    if (!opens) throw Error(std::string(where) + " was sealed with another secret key than the one given", 0);
  }
  auto index_key = crypto::hmac_sha256(key_bytes(master_key_), "baton visitor index v1");
  index_key_ = std::string(reinterpret_cast<const char*>(index_key.data()), index_key.size());
  unreadable();
}

SecretBox ChatKeys::box_for(const SecretBox::Key& key) { return SecretBox(key, random_); }

void ChatKeys::start_cache_over() {
  cache_.clear();
  boxes_.clear();
  cache_started_ = std::chrono::steady_clock::now();
  for (const auto& made : created_) cache_.insert_or_assign(made.session_id, made.key);
}

void ChatKeys::expire_cache() {
  if (std::chrono::steady_clock::now() - cache_started_ >= cache_life_) start_cache_over();
}

const SecretBox::Key* ChatKeys::find(std::string_view session_id) {
  if (session_id.empty()) return &master_key_;
  expire_cache();
  if (auto it = cache_.find(session_id); it != cache_.end()) return &it->second;
  auto& stmt = db_.prepare("SELECT sealed FROM chat_keys WHERE session_id = ?1");
  stmt.bind(1, session_id);
  if (!stmt.step()) return nullptr;
  auto sealed = stmt.text(0);
  stmt.run();
  // The chat's id is sealed with its key: a key row copied onto another
  // chat does not open.
  auto opened = box_for(master_key_).open(sealed);
  auto expected = std::string(session_id) + "\n";
  if (!opened || !opened->starts_with(expected) || opened->size() != expected.size() + SecretBox::Key{}.size()) {
    return nullptr;
  }
  SecretBox::Key key{};
  std::copy(opened->begin() + static_cast<std::ptrdiff_t>(expected.size()), opened->end(),
            reinterpret_cast<char*>(key.data()));
  if (cache_.size() >= cached_keys) start_cache_over();
  return &cache_.emplace(std::string(session_id), key).first->second;
}

KeyedBox* ChatKeys::box(std::string_view session_id) {
  if (session_id.empty()) return &master_box_;
  expire_cache();
  if (auto it = boxes_.find(session_id); it != boxes_.end()) return &it->second;
  const auto* key = find(session_id);
  if (!key) return nullptr;
  if (boxes_.size() >= ready_boxes) boxes_.clear();
  return &boxes_.emplace(std::string(session_id), KeyedBox(*key, random_)).first->second;
}

void ChatKeys::drop_box(std::string_view session_id) {
  if (auto it = boxes_.find(session_id); it != boxes_.end()) boxes_.erase(it);
}

bool ChatKeys::has_key(std::string_view session_id) { return find(session_id) != nullptr; }

std::string ChatKeys::seal_bytes(std::string_view session_id, std::string_view plain) {
  if (plain.empty()) return {};
  auto* ready = box(session_id);
  if (!ready) throw std::runtime_error("chat " + std::string(session_id) + " has no data key");
  return ready->seal_bytes(plain);
}

std::string ChatKeys::open_bytes(std::string_view session_id, std::string_view stored) {
  if (stored.empty()) return {};
  auto* ready = box(session_id);
  auto opened = ready ? ready->open_bytes(stored) : std::nullopt;
  if (!opened) {
    unreadable().inc();
    return {};
  }
  return std::move(*opened);
}

std::string ChatKeys::seal_text(std::string_view session_id, std::string_view plain) {
  if (plain.empty()) return {};
  return crypto::base64(seal_bytes(session_id, plain));
}

std::string ChatKeys::open_text(std::string_view session_id, std::string_view stored) {
  if (stored.empty()) return {};
  auto bytes = crypto::from_base64(stored);
  if (!bytes) {
    unreadable().inc();
    return {};
  }
  return open_bytes(session_id, *bytes);
}

std::string ChatKeys::visitor_index(std::string_view value) const {
  if (value.empty()) return {};
  // 128 bits of the HMAC: no two visitors collide in practice.
  return crypto::to_hex(crypto::hmac_sha256(index_key_, value)).substr(0, 32);
}

void ChatKeys::create(std::string_view session_id) {
  SecretBox::Key key{};
  random_.fill(key);
  auto sealed = box_for(master_key_).seal(std::string(session_id) + "\n" + key_bytes(key));
  if (cache_.size() >= cached_keys) start_cache_over();
  cache_.insert_or_assign(std::string(session_id), key);
  drop_box(session_id);
  // A job that inserts its chat again (its reference code clashed, so it drew
  // another) replaces the key it made the first time: two would fail the
  // UNIQUE constraint at commit, and with it every job of the batch.
  for (auto i = created_mark_; i < created_.size(); ++i) {
    if (created_[i].session_id == session_id) {
      created_[i].sealed = std::move(sealed);
      created_[i].key = key;
      return;
    }
  }
  created_.push_back({std::string(session_id), std::move(sealed), key});
}

void ChatKeys::forget(std::string_view session_id) {
  if (auto it = cache_.find(session_id); it != cache_.end()) cache_.erase(it);
  drop_box(session_id);
  forgotten_.emplace_back(session_id);
}

void ChatKeys::mark_job() {
  created_mark_ = created_.size();
  forgotten_mark_ = forgotten_.size();
}

void ChatKeys::undo_job() {
  for (auto i = created_mark_; i < created_.size(); ++i) {
    cache_.erase(created_[i].session_id);
    drop_box(created_[i].session_id);
  }
  created_.resize(created_mark_);
  // The keys of chats whose erase was undone are read again when needed.
  forgotten_.resize(forgotten_mark_);
}

void ChatKeys::commit_created() {
  if (created_.empty() && (!shared_ || forgotten_.empty())) return;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count();
  auto insert = [&] {
    for (const auto& made : created_) {
      auto& stmt = db_.prepare("INSERT INTO chat_keys (session_id, sealed, created_ms) VALUES (?1, ?2, ?3)");
      stmt.bind(1, made.session_id).bind(2, made.sealed).bind(3, static_cast<std::int64_t>(now));
      stmt.run();
    }
  };
  if (shared_) {
    // In the transaction about to commit, with the erases of this batch.
    insert();
    delete_forgotten();
    return;
  }
  in_transaction(insert);
  created_.clear();
  created_mark_ = 0;
}

void ChatKeys::delete_forgotten() {
  for (const auto& id : forgotten_) {
    auto& stmt = db_.prepare("DELETE FROM chat_keys WHERE session_id = ?1");
    stmt.bind(1, id);
    stmt.run();
  }
}

void ChatKeys::after_commit(bool committed) {
  created_.clear();
  created_mark_ = 0;
  if (!committed) {
    // Nothing of this batch was erased after all: its keys stay (read again
    // when needed). Those of erases committed earlier, whose deletion failed
    // then, still go with the next commit (found on review: they were
    // dropped here, and stayed until the next start).
    forgotten_.resize(forgotten_committed_);
    forgotten_mark_ = forgotten_committed_;
    return;
  }
  if (forgotten_.empty()) return;
  if (shared_) {
    // Deleted in the transaction that erased the chat (commit_created).
    forgotten_.clear();
    forgotten_mark_ = 0;
    return;
  }
  // On failure they stay in the list: the next commit tries again, and the
  // next start removes a key whose chat is gone in any case.
  forgotten_committed_ = forgotten_.size();
  in_transaction([&] { delete_forgotten(); });
  forgotten_.clear();
  forgotten_mark_ = 0;
  forgotten_committed_ = 0;
  // The journal still holds the deleted keys until a checkpoint. One that
  // cannot finish now (a read in the way) is left to SQLite's own
  // checkpoints: the keys are deleted either way.
  try {
    db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const Error&) {
  }
}

void ChatKeys::in_transaction(const std::function<void()>& work) {
  db_.prepare("BEGIN IMMEDIATE").run();
  try {
    work();
    db_.finish_statements();
    db_.prepare("COMMIT").run();
  } catch (...) {
    db_.exec("ROLLBACK");
    throw;
  }
}

std::size_t ChatKeys::remove_orphans(Connection& main) {
  std::vector<std::string> orphans;
  auto& keys = db_.prepare("SELECT session_id FROM chat_keys");
  while (keys.step()) {
    auto id = keys.text(0);
    auto& chat = main.prepare("SELECT 1 FROM sessions WHERE id = ?1");
    chat.bind(1, id);
    bool exists = chat.step();
    chat.run();
    if (!exists) orphans.push_back(std::move(id));
  }
  forgotten_ = std::move(orphans);
  auto count = forgotten_.size();
  after_commit(true);
  return count;
}

}  // namespace baton::sql
