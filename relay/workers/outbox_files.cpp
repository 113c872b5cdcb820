// The outbox's files (docs/attachments.md, "To WhatsApp"): each copy of a
// message with a file is a row like any other; sending it first makes sure
// Meta holds the bytes (one upload per number, its media id kept for 29 of
// Meta's 30 days), then sends the message by that id. An upload's failure is
// read like a send's: the row is retried, waits for the account, or fails.

#include <boost/json/parse.hpp>

#include "relay/core/log.hpp"
#include "relay/whatsapp/message_payloads.hpp"
#include "relay/workers/outbox_worker.hpp"

namespace baton {
namespace {

constexpr std::int64_t media_id_kept_ms = 29LL * 24 * 3600 * 1000;

struct FileToSend {
  std::optional<AttachmentRecord> file;
  std::optional<std::string> media_id;
  std::string bytes;  // only when there is no media id yet
};

metrics::Counter& uploads_counter() {
  static auto& c = metrics::registry().counter("baton_whatsapp_media_uploads_total", "Files uploaded to the Cloud API");
  return c;
}

std::optional<std::string> uploaded_media_id(const GraphResult& result) {
  if (result.transport != GraphResult::Transport::answered || result.http_status != 200) return std::nullopt;
  boost::system::error_code ec;
  auto json = boost::json::parse(result.body, ec);
  if (ec || !json.is_object()) return std::nullopt;
  const auto* id = json.as_object().if_contains("id");
  if (!id || !id->is_string() || id->get_string().empty()) return std::nullopt;
  return std::string(id->get_string());
}

}  // namespace

void OutboxWorker::send_file(const SendClaim& claim) {
  auto since = now() - media_id_kept_ms;
  service_.read<FileToSend>(
      [&blobs = service_.blobs(), session_id = claim.record.session_id, attachment_id = claim.record.attachment_id,
       phone = config_.phone_number_id, since](StoreTx& tx) {
        FileToSend out;
        out.file = tx.attachments().find(session_id, attachment_id);
        if (!out.file) return out;
        out.media_id = tx.attachments().media_id(out.file->sha256, phone, since);
        if (out.media_id) return out;
        if (auto bytes = blobs.get(out.file->sha256)) out.bytes = std::move(*bytes);
        else out.file.reset();
        return out;
      },
      [this, record = claim.record](Outcome<FileToSend> read) {
        if (std::holds_alternative<Refusal>(read)) {
          settle(record, SendOutcome{SendOutcome::Kind::retry, {}, 0, "the file could not be read from the store"});
          return;
        }
        auto& found = std::get<FileToSend>(read);
        if (!found.file) {
          // Erased with its chat, or its bytes lost: nothing will ever send it.
          settle(record, SendOutcome{SendOutcome::Kind::permanent, {}, 0, "the file is no longer kept"});
          return;
        }
        if (found.media_id) {
          post_file(record, *found.file, *found.media_id);
          return;
        }
        auto file = *found.file;
        uploads_counter().inc();
        graph_.upload_media(
            std::move(found.bytes), file.shown.mime, file.shown.name, [this, record, file](GraphResult result) {
              auto media_id = uploaded_media_id(result);
              if (!media_id) {
                auto outcome = classify(result);
                // A 200 without an id is not a message Meta holds.
                if (outcome.kind == SendOutcome::Kind::accepted) {
                  outcome = SendOutcome{SendOutcome::Kind::retry, {}, 0, "upload answered without an id"};
                }
                log::warn("whatsapp media upload failed",
                          {{"outbox_id", record.id}, {"code", outcome.code}, {"detail", outcome.description}});
                settle(record, outcome);
                return;
              }
              service_.run<bool>(
                  [sha = file.sha256, phone = config_.phone_number_id, id = *media_id](SessionLog& log) {
                    log.tx().attachments().save_media_id(sha, phone, id, log.now_ms());
                    return true;
                  },
                  // Sent even if keeping the id failed: it only saves a later upload.
                  [this, record, file, id = *media_id](Outcome<bool>) { post_file(record, file, id); });
            });
      });
}

void OutboxWorker::post_file(const OutboxRecord& record, const AttachmentRecord& file, const std::string& media_id) {
  auto to = recipient_from_key(record.recipient);
  auto callback = std::string(callback_prefix) + std::to_string(record.id);
  post(record, media_message_body(to, to_string(file.shown.kind), media_id, record.body, file.shown.name, callback));
}

}  // namespace baton
