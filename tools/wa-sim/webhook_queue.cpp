#include "tools/wa-sim/webhook_queue.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>

#include "common/time_format.hpp"
#include "relay/core/clock.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"

namespace baton::sim {
namespace {

constexpr std::int64_t max_retry_delay_ms = 60000;
// Finished webhooks beyond this many are dropped from the log, oldest first.
constexpr std::size_t max_logged = 20000;

std::int64_t now_ms() { return SystemClock().now_ms(); }

}  // namespace

WebhookQueue::WebhookQueue(net::any_io_executor executor, WebhookSender& sender, Settings settings)
    : executor_(executor), sender_(sender), settings_(settings), wake_(executor) {}

std::int64_t WebhookQueue::retry_delay_ms(std::int64_t first_ms, std::uint32_t failed_attempts) {
  std::int64_t delay = first_ms;
  for (std::uint32_t i = 1; i < failed_attempts && delay < max_retry_delay_ms; ++i) delay *= 2;
  return std::min(delay, max_retry_delay_ms);
}

std::uint64_t WebhookQueue::push(std::string kind, std::string body, bool twice) {
  Entry entry;
  entry.seq = next_seq_++;
  entry.kind = std::move(kind);
  entry.signature = sender_.signature(body);
  entry.body = std::make_shared<const std::string>(std::move(body));
  entry.created_ms = now_ms();
  entry.due = std::chrono::steady_clock::now();
  auto first = entry.seq;
  if (twice) {
    Entry copy = entry;
    copy.seq = next_seq_++;
    copy.duplicate_of = first;
    add(std::move(entry));
    add(std::move(copy));
  } else {
    add(std::move(entry));
  }
  pump();
  return first;
}

void WebhookQueue::add(Entry entry) {
  log::debug("webhook queued", {{"seq", entry.seq}, {"kind", entry.kind}});
  entries_.emplace(entry.seq, std::move(entry));
  trim_log();
}

void WebhookQueue::trim_log() {
  while (entries_.size() > max_logged) {
    auto& oldest = entries_.begin()->second;
    if (!oldest.delivered && !oldest.gave_up) return;
    entries_.erase(entries_.begin());
  }
}

void WebhookQueue::pump() {
  if (stopped_) return;
  auto now = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> next_due;
  for (auto& [seq, entry] : entries_) {
    if (entry.delivered || entry.gave_up || entry.in_flight) continue;
    if (entry.due <= now && in_flight_ < settings_.concurrency) {
      start(entry);
    } else if (entry.due > now && (!next_due || entry.due < *next_due)) {
      next_due = entry.due;
    }
  }
  if (!next_due) return;
  wake_.expires_at(*next_due);
  wake_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) pump();
  });
}

void WebhookQueue::start(Entry& entry) {
  entry.in_flight = true;
  ++in_flight_;
  net::co_spawn(executor_, sender_.post(entry.body),
                [this, seq = entry.seq, generation = generation_](std::exception_ptr error, Attempt attempt) {
                  if (error) attempt = Attempt{0, "internal error"};
                  if (generation != generation_) return;
                  --in_flight_;
                  finish(seq, attempt);
                  pump();
                });
}

void WebhookQueue::finish(std::uint64_t seq, const Attempt& attempt) {
  auto it = entries_.find(seq);
  if (it == entries_.end()) return;
  auto& entry = it->second;
  entry.in_flight = false;
  ++entry.attempts;
  entry.last_status = attempt.status;
  entry.last_error = attempt.error;
  if (attempt.status == 200) {
    entry.delivered = true;
    entry.delivered_ms = now_ms();
    log::debug("webhook delivered", {{"seq", seq}, {"attempts", entry.attempts}});
    return;
  }
  std::string outcome = attempt.status ? "HTTP " + std::to_string(attempt.status) : attempt.error;
  if (entry.attempts >= settings_.max_attempts) {
    entry.gave_up = true;
    log::warn("webhook abandoned", {{"seq", seq}, {"attempts", entry.attempts}, {"last", outcome}});
    return;
  }
  auto delay = retry_delay_ms(settings_.retry_ms, entry.attempts);
  entry.due = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay);
  log::info("webhook not accepted, will retry",
            {{"seq", seq}, {"attempt", entry.attempts}, {"result", outcome}, {"retry_in_ms", delay}});
}

boost::json::array WebhookQueue::log_json() const {
  boost::json::array out;
  for (const auto& [seq, entry] : entries_) {
    boost::system::error_code ec;
    auto body = boost::json::parse(*entry.body, ec);
    boost::json::object item{{"seq", seq},
                             {"kind", entry.kind},
                             {"attempts", entry.attempts},
                             {"last_status", entry.last_status},
                             {"delivered", entry.delivered},
                             {"gave_up", entry.gave_up},
                             {"created", format_rfc3339(entry.created_ms)},
                             {"signature", entry.signature},
                             {"body", std::move(body)},
                             {"raw", *entry.body}};
    if (entry.delivered) item["delivered_at"] = format_rfc3339(entry.delivered_ms);
    if (!entry.last_error.empty()) item["last_error"] = entry.last_error;
    if (entry.duplicate_of) item["duplicate_of"] = *entry.duplicate_of;
    out.push_back(std::move(item));
  }
  return out;
}

void WebhookQueue::reset() {
  ++generation_;
  entries_.clear();
  in_flight_ = 0;
  wake_.cancel();
}

void WebhookQueue::stop() {
  stopped_ = true;
  reset();
}

}  // namespace baton::sim
