#include "relay/workers/media_worker.hpp"

#include <boost/json/parse.hpp>

#include "relay/core/crypto.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/whatsapp/graph_result.hpp"
#include "relay/whatsapp/inbound_record.hpp"

namespace baton {
namespace {

constexpr std::int64_t idle_look_ms = 30 * 1000;
constexpr std::int64_t store_retry_ms = 5 * 1000;
// Meta's largest file (documents) and a little room.
constexpr std::size_t max_download_bytes = 100 * 1024 * 1024 + 64 * 1024;

metrics::Counter& media_counter(std::string_view outcome) {
  return metrics::registry().counter("baton_whatsapp_media_downloads_total", "Inbound WhatsApp files by outcome",
                                     "outcome=\"" + std::string(outcome) + "\"");
}

std::int64_t backoff_ms(std::uint32_t attempts) {
  std::int64_t wait = 2000;
  for (std::uint32_t i = 1; i < attempts && wait < 60000; ++i) wait *= 2;
  return std::min<std::int64_t>(wait, 60000);
}

// Meta's hash of the file: lowercase hex from GET /{media-id}, base64 in
// some webhooks. Either matches.
bool hash_matches(std::string_view expected, std::string_view bytes) {
  if (expected.empty()) return true;
  auto digest = crypto::sha256(bytes);
  if (auto hex = crypto::digest_from_hex(expected)) return *hex == digest;
  std::string raw(reinterpret_cast<const char*>(digest.data()), digest.size());
  return crypto::base64(raw) == expected;
}

// Whether a refused Graph call may work later: throttling, server trouble,
// the account (its circuit recovers), and the media errors Meta documents
// as temporary (131052 could not download, 131053 upload error).
bool temporary(const GraphResult& result) {
  if (result.transport != GraphResult::Transport::answered) return true;
  if (result.http_status >= 500 || result.http_status == 429) return true;
  auto outcome = classify(result);
  if (outcome.code == 131052 || outcome.code == 131053) return true;
  using Kind = SendOutcome::Kind;
  return outcome.kind == Kind::retry || outcome.kind == Kind::throttled || outcome.kind == Kind::account ||
         outcome.kind == Kind::in_doubt;
}

std::string describe(const GraphResult& result) {
  if (result.transport != GraphResult::Transport::answered) return result.detail;
  auto outcome = classify(result);
  return "HTTP " + std::to_string(result.http_status) + (outcome.description.empty() ? "" : ": " + outcome.description);
}

}  // namespace

struct MediaWorker::Attempt {
  MediaFetchRecord record;
  InboundMessage message;
};

MediaWorker::MediaWorker(boost::asio::any_io_executor executor, ConversationService& service, GraphClient& graph)
    : service_(service), graph_(graph), timer_(std::move(executor)) {
  media_counter("stored");
}

void MediaWorker::start() { look(); }

void MediaWorker::stop() {
  stopped_ = true;
  timer_.cancel();
}

void MediaWorker::poke() {
  if (busy_) {
    again_ = true;
    return;
  }
  look();
}

void MediaWorker::arm(std::int64_t delay_ms) {
  if (stopped_) return;
  timer_.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(delay_ms, 1)));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec && !busy_) look();
  });
}

void MediaWorker::look() {
  if (stopped_ || busy_) return;
  busy_ = true;
  again_ = false;
  service_.read<std::vector<MediaFetchRecord>>(
      [now = now()](StoreTx& tx) {
        auto due = tx.attachments().due_fetches(now, 1);
        // Nothing due: the earliest later one says when to look again.
        if (due.empty()) due = tx.attachments().due_fetches(std::numeric_limits<std::int64_t>::max(), 1);
        return due;
      },
      [this](Outcome<std::vector<MediaFetchRecord>> read) {
        busy_ = false;
        auto* due = std::get_if<std::vector<MediaFetchRecord>>(&read);
        if (!due || due->empty()) {
          if (again_) return look();
          return arm(idle_look_ms);
        }
        auto& first = due->front();
        if (first.next_attempt_ms > now()) {
          // A poke during the read may be about a fetch its snapshot missed.
          if (again_) return look();
          return arm(first.next_attempt_ms - now());
        }
        auto message = inbound_from_json(first.inbound);
        auto attempt = std::make_shared<Attempt>();
        attempt->record = std::move(first);
        if (!message) {
          // Not what this relay wrote: nothing can be delivered from it.
          log::error("an inbound media record cannot be read; dropped", {{"wamid", attempt->record.wamid}});
          attempt->message.wamid = attempt->record.wamid;
          attempt->message.kind = MessageKind::unsupported;
        } else {
          attempt->message = std::move(*message);
        }
        busy_ = true;
        fetch(attempt);
      });
}

void MediaWorker::fetch(std::shared_ptr<Attempt> attempt) {
  // Meta's media ids are digits; anything else never goes into a Graph path.
  const auto& id = attempt->message.media_id;
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
    return failed(attempt, "not a media id", false);
  }
  graph_.media_info(attempt->message.media_id, [this, attempt](GraphResult result) {
    if (result.transport != GraphResult::Transport::answered || result.http_status != 200) {
      return failed(attempt, "media lookup: " + describe(result), temporary(result));
    }
    boost::system::error_code ec;
    auto json = boost::json::parse(result.body, ec);
    const auto* info = !ec ? json.if_object() : nullptr;
    const auto* url = info ? info->if_contains("url") : nullptr;
    if (!url || !url->is_string()) return failed(attempt, "media lookup: no url in the answer", true);
    std::string sha;
    if (const auto* s = info->if_contains("sha256"); s && s->is_string()) sha = std::string(s->get_string());
    if (sha.empty()) sha = attempt->message.media_sha256;
    download(attempt, std::string(url->get_string()), sha);
  });
}

void MediaWorker::download(std::shared_ptr<Attempt> attempt, const std::string& url, const std::string& expected_sha) {
  graph_.download(url, max_download_bytes, [this, attempt, expected_sha](GraphResult result) {
    // An expired URL (Meta keeps them five minutes) is asked for again.
    if (result.transport != GraphResult::Transport::answered || result.http_status != 200) {
      bool again = temporary(result) || result.http_status == 404 || result.http_status == 401 ||
                   result.http_status == 403;
      return failed(attempt, "download: " + describe(result), again);
    }
    if (result.body.empty()) return failed(attempt, "download: empty file", true);
    if (!hash_matches(expected_sha, result.body)) return failed(attempt, "download: sha256 does not match", true);
    auto file = std::make_shared<ReceivedFile>();
    const auto& m = attempt->message;
    if (auto type = sniff_media(std::string_view(result.body).substr(0, media_sniff_bytes), m.file_name)) {
      file->type = *type;
    } else {
      // A type Meta delivered but Baton cannot tell: offered only as a download.
      file->type = MediaType{AttachmentKind::document, "application/octet-stream", max_download_bytes};
    }
    file->bytes = std::move(result.body);
    attempt->message.received = std::move(file);
    media_counter("stored").inc();
    deliver(attempt);
  });
}

void MediaWorker::failed(std::shared_ptr<Attempt> attempt, std::string why, bool temporary) {
  auto& record = attempt->record;
  bool give_up = !temporary || now() - record.created_ms >= give_up_after_ms;
  // Its message without the file could not be stored either: it is tried
  // again like a failed download, behind other files, never at once.
  bool gave_up_before = attempt->message.download_failed;
  log::warn(give_up && !gave_up_before ? "whatsapp file could not be downloaded: its message shows without it"
                                       : "whatsapp file download failed; retrying",
            {{"wamid", record.wamid}, {"attempts", record.attempts + 1}, {"error", why}});
  if (give_up && !gave_up_before) {
    media_counter("failed").inc();
    attempt->message.download_failed = true;
    // Without the file, which may be what could not be kept (found on
    // review: kept again, it failed again, and the message never came).
    attempt->message.received.reset();
    return deliver(attempt);
  }
  media_counter("retried").inc();
  record.attempts += 1;
  record.next_attempt_ms = now() + backoff_ms(record.attempts);
  record.last_error = why;
  service_.run<bool>(
      [record](SessionLog& log) {
        log.tx().attachments().update_fetch(record);
        return true;
      },
      [this](Outcome<bool> stored) {
        busy_ = false;
        // Not stored: the row still says "due now"; wait rather than fetch again at once.
        if (std::holds_alternative<Refusal>(stored)) return arm(store_retry_ms);
        look();
      });
}

void MediaWorker::deliver(std::shared_ptr<Attempt> attempt) {
  service_.run<bool>(
      [&blobs = service_.blobs(), &agents = service_.agents(), attempt](SessionLog& log) {
        // Another relay process (or a restart's first look) took it already.
        // Gone: taken already, or its sender deleted it meanwhile.
        auto fetch = log.tx().attachments().find_fetch(attempt->record.wamid);
        if (!fetch) return false;
        log.tx().attachments().finish_fetch(attempt->record.wamid);
        if (attempt->message.kind == MessageKind::unsupported && attempt->message.media_id.empty()) return false;
        // Its sender may have edited the caption while it downloaded.
        auto message = attempt->message;
        if (auto kept = inbound_from_json(fetch->inbound)) {
          message.caption = kept->caption;
          message.text = kept->text;
        }
        log.use_blobs(blobs);
        WebhookTally tally;
        deliver_inbound_tx(log, message, agents, tally);
        return true;
      },
      [this, attempt](Outcome<bool> done) {
        if (auto* error = std::get_if<Refusal>(&done)) {
          // The store could not take it: a failed attempt like any other,
          // counted and backed off, so that a file whose commit keeps
          // failing neither holds up the files behind it nor is tried for
          // ever (found on review: it was tried every 5 s, uncounted).
          return failed(attempt, "not stored: " + error->sentence, true);
        }
        busy_ = false;
        look();
      });
}

}  // namespace baton
