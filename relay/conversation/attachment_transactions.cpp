#include "relay/conversation/attachment_transactions.hpp"

#include "common/ids.hpp"
#include "common/text_policy.hpp"
#include "relay/conversation/handoff/callback.hpp"
#include "relay/conversation/message_copies.hpp"
#include "relay/core/crypto.hpp"
#include "relay/core/refusal.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {
namespace {

constexpr std::int64_t unclaimed_kept_ms = 3600 * 1000;
constexpr std::size_t sweep_batch = 200;

std::string mib(std::uint64_t bytes) { return readable_size(bytes); }

[[noreturn]] void refuse(RefusalKind kind, std::string code, std::string sentence) {
  throw Refused(Refusal{kind, std::move(code), std::move(sentence)});
}

std::string extension_of(std::string_view mime) {
  if (mime == "image/jpeg") return "jpg";
  if (mime == "image/png") return "png";
  if (mime == "image/webp") return "webp";
  if (mime == "application/pdf") return "pdf";
  if (mime == "audio/ogg") return "ogg";
  if (mime == "audio/mpeg") return "mp3";
  if (mime == "audio/mp4") return "m4a";
  if (mime == "audio/aac") return "aac";
  if (mime == "audio/amr") return "amr";
  if (mime == "video/mp4") return "mp4";
  if (mime == "video/3gpp") return "3gp";
  if (mime == "text/plain") return "txt";
  return "bin";
}

Attachment keep(SessionLog& log, BlobStore& blobs, const std::string& session_id, std::string_view bytes,
                const MediaType& type, std::string_view file_name, bool claimed) {
  auto sha = blobs.put(bytes);
  if (auto known = log.tx().attachments().find_by_sha(session_id, sha)) {
    if (claimed && !known->claimed) log.tx().attachments().claim(known->shown.id);
    return known->shown;
  }
  AttachmentRecord record;
  record.session_id = session_id;
  record.sha256 = sha;
  record.shown.id = new_attachment_id(log.random(), log.now_ms());
  record.shown.kind = type.kind;
  record.shown.mime = type.mime;
  record.shown.name = clean_file_name(file_name);
  if (record.shown.name.empty()) record.shown.name = default_file_name(type);
  record.shown.size = bytes.size();
  record.created_ms = log.now_ms();
  record.claimed = claimed;
  log.tx().attachments().insert(record);
  return record.shown;
}

}  // namespace

std::string default_file_name(const MediaType& type) {
  std::string stem = type.kind == AttachmentKind::image     ? "photo"
                     : type.kind == AttachmentKind::audio   ? "audio"
                     : type.kind == AttachmentKind::video   ? "video"
                     : type.kind == AttachmentKind::sticker ? "sticker"
                                                            : "document";
  return stem + "." + extension_of(type.mime);
}

Attachment store_upload_tx(SessionLog& log, BlobStore& blobs, const std::string& session_id, std::string_view bytes,
                           std::string_view file_name, const AttachmentLimits& limits) {
  auto session = log.tx().sessions().find(session_id);
  if (!session) refuse(RefusalKind::not_found, "session_not_found", "no such session");
  // Only a person reads files: the assistant cannot, and an ended chat has
  // nobody (unless a booked call keeps it with its agent).
  if (!with_agent(*session) && !call_holds_chat(log, *session)) {
    refuse(RefusalKind::conflict, "attachments_need_a_person",
           "Files can be sent once a person has joined the chat. Ask for a live agent first.");
  }
  if (bytes.empty()) refuse(RefusalKind::invalid, "empty_attachment", "The file is empty.");
  auto type = sniff_media(bytes.substr(0, media_sniff_bytes), file_name);
  if (!type || !visitor_may_send(type->kind)) {
    refuse(RefusalKind::unsupported, "unsupported_media_type",
           "This kind of file cannot be sent. Send a photo (JPEG, PNG), a PDF or office document, a text file, "
           "audio or a video (MP4).");
  }
  auto limit = std::min<std::uint64_t>(type->whatsapp_limit, limits.max_bytes);
  if (bytes.size() > limit) {
    refuse(RefusalKind::too_large, "attachment_too_large",
           "The file is " + mib(bytes.size()) + "; files of this kind can be at most " + mib(limit) + ".");
  }
  // The same file again is the same attachment, and costs nothing more.
  auto sha = crypto::to_hex(crypto::sha256(bytes));
  if (auto known = log.tx().attachments().find_by_sha(session_id, sha)) {
    if (!known->claimed) log.tx().attachments().touch(known->shown.id, log.now_ms());
    return known->shown;
  }
  if (log.tx().attachments().bytes_used(session_id) + bytes.size() > limits.quota_bytes) {
    refuse(RefusalKind::too_large, "attachment_quota",
           "This chat has used its " + mib(limits.quota_bytes) + " for files. Share larger files with a link instead.");
  }
  return keep(log, blobs, session_id, bytes, *type, file_name, false);
}

Attachment claim_attachment_tx(SessionLog& log, const std::string& session_id, std::string_view attachment_id) {
  auto record = is_attachment_id(attachment_id) ? log.tx().attachments().find(session_id, attachment_id) : std::nullopt;
  if (!record) {
    refuse(RefusalKind::invalid, "invalid_attachment", "attachment: not a file uploaded to this chat");
  }
  if (!record->claimed) log.tx().attachments().claim(record->shown.id);
  return record->shown;
}

Attachment keep_received_tx(SessionLog& log, BlobStore& blobs, const std::string& session_id, std::string_view bytes,
                            const MediaType& type, std::string_view file_name) {
  return keep(log, blobs, session_id, bytes, type, file_name, true);
}

void attach_received_file(SessionLog& log, const std::string& session_id, const InboundMessage& m,
                          std::string_view caption, Message& draft, Lang lang) {
  if (m.received && log.blobs()) {
    draft.attachment = keep_received_tx(log, *log.blobs(), session_id, m.received->bytes, m.received->type,
                                        m.file_name);
    // Only the caption: the label, or a document's name, is the file itself now.
    draft.text = clean_text(caption);
    return;
  }
  if (m.download_failed) draft.text += " " + std::string(visitor_text(VisitorText::media_not_downloaded, lang));
}

AttachmentSweep sweep_attachments_tx(StoreTx& tx, BlobStore& blobs, std::int64_t now_ms) {
  AttachmentSweep sweep;
  auto stale = tx.attachments().unclaimed_before(now_ms - unclaimed_kept_ms, sweep_batch);
  for (const auto& upload : stale) tx.attachments().remove(upload.shown.id);
  auto trashed = tx.attachments().trash(sweep_batch);
  for (const auto& sha : trashed) {
    // Uploaded again since it was trashed: the bytes are someone's again.
    if (!tx.attachments().in_use(sha)) {
      blobs.remove(sha);
      ++sweep.files;
    }
    tx.attachments().empty_trash(sha);
  }
  // Found on review: one batch an hour left the files of a large erase (a
  // retention sweep of thousands of chats) on disk for many hours.
  sweep.more = stale.size() == sweep_batch || trashed.size() == sweep_batch;
  return sweep;
}

}  // namespace baton
