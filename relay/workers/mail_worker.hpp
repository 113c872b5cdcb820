#pragma once
// Sends the queued e-mails. The event loop finds what is due (at start, when
// a transaction queues mail, and every few seconds for retries) and hands it
// to one sending thread, since SMTP through libcurl blocks; the outcome comes
// back to the loop and is recorded in a transaction. A mail is marked sent
// only after the server accepted it; a crash between the two can send it
// twice (at least once, like any mail system), never zero times.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "relay/conversation/conversation_service.hpp"
#include "relay/mail/smtp_sender.hpp"

namespace baton {

class MailWorker : public MailQueue {
 public:
  // Longer than any SMTP exchange (the --smtp timeout bounds one): a relay
  // that died mid-send leaves the mail due again after it.
  static constexpr std::int64_t default_claim_lease_ms = 120'000;

  MailWorker(boost::asio::any_io_executor executor, ConversationService& service, SmtpSettings settings,
             std::int64_t first_retry_ms, std::int64_t claim_lease_ms = default_claim_lease_ms);
  ~MailWorker();

  void start();
  void poke() override;
  // The admin page changed the SMTP server or login: the next send uses it.
  void set_settings(SmtpSettings settings);
  // No new attempts; the one under way finishes (bounded by the SMTP timeout).
  void stop();

  static constexpr auto tick_interval = std::chrono::seconds(5);
  // Settled mails are deleted after this long; checked about hourly.
  static constexpr std::int64_t keep_settled_ms = 30LL * 24 * 3600 * 1000;

 private:
  void look();
  // With a shared store (a cluster): the due mail is claimed before it is
  // sent (claim_due_mail_tx), so one relay sends it. Mails are sent one
  // after another, so a claim takes only as many as can all be sent, each
  // up to the SMTP timeout, before the lease runs out, and the next claim
  // waits until they are: a mail still queued here when its lease ended
  // would be sent by this relay and another.
  void claim();
  static std::size_t mails_per_claim(std::int64_t lease_ms, std::chrono::seconds smtp_timeout);
  void take(std::vector<MailRecord> due);
  // A look is over: the sender is woken and the next look armed.
  void looked();
  void arm_timer();

  static constexpr std::size_t batch = 16;
  void sender_loop();
  void finished(std::int64_t mail_id, SmtpResult result);
  // Records an attempt's outcome; one that cannot be stored is kept here
  // and stored later, and its mail stays in flight meanwhile.
  void record(std::int64_t mail_id, SmtpResult result);
  void record_later();
  void prune_if_due();

  boost::asio::any_io_executor executor_;
  ConversationService& service_;
  SmtpSettings settings_;
  std::int64_t first_retry_ms_;
  std::int64_t claim_lease_ms_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer record_timer_;
  std::vector<std::pair<std::int64_t, SmtpResult>> unrecorded_;  // loop thread only
  std::set<std::int64_t> in_flight_;                             // loop thread only
  bool stopped_ = false;
  bool looking_ = false;     // a read of due mail is under way
  bool look_again_ = false;  // poked meanwhile
  std::int64_t last_prune_ms_ = 0;

  std::mutex mutex_;  // guards queue_, quit_ and settings_
  std::condition_variable wake_;
  std::deque<MailRecord> queue_;
  bool quit_ = false;
  std::thread sender_;
};

}  // namespace baton
