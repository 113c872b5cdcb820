#pragma once
// Files in chats (docs/attachments.md): a visitor's upload checked and kept,
// a file taken by the message that carries it, a file received from
// WhatsApp joined to its chat, and the sweep of files nobody keeps.
//
// Blob writes and removals happen only inside these transactions, on the
// store's writer thread: an upload of bytes the sweep is removing is
// therefore always seen by one or the other.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/attachment.hpp"
#include "common/media_type.hpp"
#include "relay/conversation/session_log.hpp"
#include "relay/store/blob_store.hpp"
#include "relay/whatsapp/webhook_event.hpp"

namespace baton {

struct AttachmentLimits {
  std::uint64_t max_bytes = 16 * 1024 * 1024;    // one file (--max-attachment-mb)
  std::uint64_t quota_bytes = 50 * 1024 * 1024;  // a chat's files (--attachment-quota-mb)
};

// A visitor's upload. Throws Refused: 404 no such chat; 409 no person has
// the chat (nobody would read the file); 400 empty; 415 not a type WhatsApp
// takes; 413 over a limit or the chat's quota. The same bytes again give
// the same attachment.
Attachment store_upload_tx(SessionLog& log, BlobStore& blobs, const std::string& session_id, std::string_view bytes,
                           std::string_view file_name, const AttachmentLimits& limits);

// The attachment a visitor's message names, now claimed by it. Throws
// Refused 400 invalid_attachment when it is not this chat's.
Attachment claim_attachment_tx(SessionLog& log, const std::string& session_id, std::string_view attachment_id);

// Bytes received from WhatsApp (already checked against Meta's hash and
// sniffed), kept for this chat and claimed.
Attachment keep_received_tx(SessionLog& log, BlobStore& blobs, const std::string& session_id, std::string_view bytes,
                            const MediaType& type, std::string_view file_name);

// The chat line of an inbound media message once its download is settled:
// its file kept and carried, `text` its caption; or, when it could not be
// had, the label `draft.text` already holds and why nothing shows.
// `caption`: the file's caption once routing took a chat code off it.
void attach_received_file(SessionLog& log, const std::string& session_id, const InboundMessage& message,
                          std::string_view caption, Message& draft, Lang lang);

// Removes uploads no message took within an hour, and the files of hashes
// no chat names any more, a batch of each per transaction: `more` says a
// batch was full, and the caller sweeps again at once.
struct AttachmentSweep {
  std::size_t files = 0;  // files removed from the blob store
  bool more = false;
};
AttachmentSweep sweep_attachments_tx(StoreTx& tx, BlobStore& blobs, std::int64_t now_ms);

// "photo.jpg", "document.pdf": a name for a file that came without one.
std::string default_file_name(const MediaType& type);

}  // namespace baton
