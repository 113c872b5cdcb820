#include "relay/workers/mail_worker.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <curl/curl.h>
#include <optional>
#include <utility>

#include "relay/conversation/mail_transactions.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/core/net.hpp"

namespace baton {
namespace {

void count(const char* result) {
  metrics::registry()
      .counter("baton_mail_attempts_total", "SMTP attempts by result", std::string("result=\"") + result + "\"")
      .inc();
}

}  // namespace

MailWorker::MailWorker(net::any_io_executor executor, ConversationService& service, SmtpSettings settings,
                       std::int64_t first_retry_ms, std::int64_t claim_lease_ms)
    : executor_(executor),
      service_(service),
      settings_(std::move(settings)),
      first_retry_ms_(first_retry_ms),
      claim_lease_ms_(claim_lease_ms),
      timer_(executor),
      record_timer_(executor) {
  // Once, before any other thread uses libcurl.
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

MailWorker::~MailWorker() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  if (sender_.joinable()) sender_.join();
}

void MailWorker::start() {
  sender_ = std::thread([this] { sender_loop(); });
  look();
}

void MailWorker::poke() {
  if (!stopped_) net::post(executor_, [this] { look(); });
}

void MailWorker::stop() {
  stopped_ = true;
  timer_.cancel();
  record_timer_.cancel();
  {
    std::lock_guard lock(mutex_);
    queue_.clear();
    quit_ = true;
  }
  wake_.notify_all();
}

void MailWorker::arm_timer() {
  timer_.expires_after(tick_interval);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) look();
  });
}

void MailWorker::look() {
  if (stopped_) return;
  // One read at a time; a poke meanwhile may be about mail that read's
  // snapshot missed, so it looks once more after.
  if (looking_) {
    look_again_ = true;
    return;
  }
  // A cluster's claimed mail is all sent before more is claimed; the last
  // outcome recorded looks again.
  if (service_.config().store_on_postgres() && !in_flight_.empty()) return arm_timer();
  looking_ = true;
  service_.read<std::vector<MailRecord>>(
      [now = service_.clock().now_ms()](StoreTx& tx) { return tx.mail().due(now, batch); },
      [this](Outcome<std::vector<MailRecord>> due) {
        if (stopped_) return;
        if (auto* error = std::get_if<Refusal>(&due)) {
          log::warn("mail outbox not readable", {{"error", error->sentence}});
        } else if (auto& rows = std::get<std::vector<MailRecord>>(due);
                   !rows.empty() && service_.config().store_on_postgres()) {
          // Other relays may see the same mail due: it is claimed first.
          return claim();
        } else {
          take(std::move(rows));
        }
        looked();
      });
}

std::size_t MailWorker::mails_per_claim(std::int64_t lease_ms, std::chrono::seconds smtp_timeout) {
  // A second a mail on top of the timeout, for recording the outcome.
  const auto per_mail_ms = std::chrono::duration_cast<std::chrono::milliseconds>(smtp_timeout).count() + 1000;
  return static_cast<std::size_t>(std::clamp<std::int64_t>(lease_ms / per_mail_ms, 1, batch));
}

void MailWorker::claim() {
  std::chrono::seconds timeout;
  {
    std::lock_guard lock(mutex_);
    timeout = settings_.timeout;
  }
  service_.run<std::vector<MailRecord>>([limit = mails_per_claim(claim_lease_ms_, timeout), lease = claim_lease_ms_](
                                            SessionLog& log) { return claim_due_mail_tx(log, limit, lease); },
                                        [this](Outcome<std::vector<MailRecord>> claimed) {
                                          if (stopped_) return;
                                          if (auto* error = std::get_if<Refusal>(&claimed)) {
                                            log::warn("mail not claimed", {{"error", error->sentence}});
                                          } else {
                                            take(std::move(std::get<std::vector<MailRecord>>(claimed)));
                                          }
                                          looked();
                                        });
}

void MailWorker::take(std::vector<MailRecord> due) {
  std::lock_guard lock(mutex_);
  for (auto& mail : due) {
    if (!in_flight_.insert(mail.id).second) continue;
    queue_.push_back(std::move(mail));
  }
}

void MailWorker::looked() {
  looking_ = false;
  wake_.notify_one();
  prune_if_due();
  arm_timer();
  if (std::exchange(look_again_, false)) look();
}

void MailWorker::prune_if_due() {
  auto now = service_.clock().now_ms();
  if (now - last_prune_ms_ < 3'600'000) return;
  last_prune_ms_ = now;
  service_.run<std::int64_t>(
      [before = now - keep_settled_ms](SessionLog& log) { return log.tx().mail().prune(before); },
      [](Outcome<std::int64_t> outcome) {
        if (auto* n = std::get_if<std::int64_t>(&outcome); n && *n > 0) log::info("old mail deleted", {{"count", *n}});
      });
}

void MailWorker::set_settings(SmtpSettings settings) {
  std::lock_guard lock(mutex_);
  settings_ = std::move(settings);
}

void MailWorker::sender_loop() {
  for (;;) {
    MailRecord mail;
    SmtpSettings settings;
    // The loop must not finish before the outcome is recorded, or a mail the
    // server took would be sent again after a restart: the guard is taken
    // before the mail leaves the queue, while stop() cannot slip in between.
    std::optional<decltype(net::make_work_guard(executor_))> guard;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return quit_ || !queue_.empty(); });
      if (quit_) return;
      guard.emplace(net::make_work_guard(executor_));
      mail = std::move(queue_.front());
      queue_.pop_front();
      settings = settings_;
    }
    auto result = send_mail(settings, mail.recipient, mail.message);
    net::post(executor_, [this, guard = std::move(*guard), id = mail.id, session = std::move(mail.session_id),
                          purpose = std::move(mail.purpose), result = std::move(result)]() mutable {
      boost::json::object fields{{"mail", std::to_string(id)},
                                 {"purpose", purpose},
                                 {"outcome", result.ok          ? "sent"
                                             : result.permanent ? "refused"
                                                                : "failed"}};
      if (!result.ok) fields["error"] = result.error;
      admin_feed().emit("mail", session, std::move(fields), service_.clock().now_ms());
      finished(id, std::move(result));
    });
  }
}

void MailWorker::finished(std::int64_t mail_id, SmtpResult result) {
  count(result.ok ? "sent" : result.permanent ? "refused" : "failed");
  if (!result.ok) log::warn("mail not sent", {{"id", mail_id}, {"error", result.error}});
  record(mail_id, std::move(result));
}

void MailWorker::record(std::int64_t mail_id, SmtpResult result) {
  service_.run<bool>(
      [mail_id, result, first_retry = first_retry_ms_](SessionLog& log) {
        record_mail_attempt_tx(log, mail_id, result, first_retry);
        return true;
      },
      [this, mail_id, result](Outcome<bool> outcome) {
        if (auto* error = std::get_if<Refusal>(&outcome)) {
          // Its row still says "due": let go of now, the mail would be
          // sent again at the next look, every few seconds while the store
          // fails (found on review). It stays in flight until the outcome
          // is stored.
          log::warn("mail outcome not stored yet; trying again", {{"mail", mail_id}, {"error", error->sentence}});
          unrecorded_.emplace_back(mail_id, result);
          if (unrecorded_.size() == 1) record_later();
          return;
        }
        in_flight_.erase(mail_id);
        if (in_flight_.empty() && service_.config().store_on_postgres()) look();
      });
}

void MailWorker::record_later() {
  record_timer_.expires_after(tick_interval);
  record_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    for (auto& [mail_id, result] : std::exchange(unrecorded_, {})) record(mail_id, std::move(result));
  });
}

}  // namespace baton
