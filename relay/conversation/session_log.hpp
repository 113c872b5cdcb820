#pragma once
// Appending to conversations inside a transaction: sequence numbers, ids and
// timestamps are assigned here, and every entry is also recorded in Effects so
// the event loop publishes it once the transaction has committed.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/random_source.hpp"
#include "relay/conversation/effects.hpp"
#include "relay/store/blob_store.hpp"
#include "relay/store/store_tx.hpp"

namespace baton {

class SessionLog {
 public:
  SessionLog(StoreTx& tx, RandomSource& random, Effects& effects, std::int64_t now_ms)
      : tx_(tx), random_(random), effects_(effects), now_ms_(now_ms) {}

  // `draft` supplies author, name, kind, text and cid; the rest is assigned.
  Message append(const std::string& session_id, Message draft, std::string_view inbound_wamid = {});
  // `time`: a time range inside `text` that the widget says in its own words.
  Message append_system(const std::string& session_id, MessageKind kind, std::string author_name, std::string text,
                        TimeInText time = {});
  // Records a status change if it moves the message forward.
  void advance_status(const std::string& session_id, const std::string& message_id, MessageStatus status);
  // Inserts a row into the WhatsApp outbox; it is scheduled after the commit.
  OutboxRecord queue_whatsapp(OutboxRecord draft);
  // The same for the common case: one text (or template parameter, or
  // button prompt) to one recipient, about a session (empty: none).
  OutboxRecord queue_whatsapp(std::string session_id, std::string recipient, OutboxPurpose purpose, std::string body,
                              OutboxKind kind = OutboxKind::text);

  StoreTx& tx() { return tx_; }
  Effects& effects() { return effects_; }
  std::int64_t now_ms() const { return now_ms_; }
  RandomSource& random() { return random_; }
  // Where files go: set for transactions that keep a received file.
  void use_blobs(BlobStore& blobs) { blobs_ = &blobs; }
  BlobStore* blobs() { return blobs_; }

 private:
  StoreTx& tx_;
  RandomSource& random_;
  Effects& effects_;
  std::int64_t now_ms_;
  BlobStore* blobs_ = nullptr;
};

}  // namespace baton
