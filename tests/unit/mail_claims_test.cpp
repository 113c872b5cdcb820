// How a relay of a cluster claims queued e-mail. It sends one mail at a
// time, each up to the SMTP timeout, so it must claim no more than it can
// send before the claim's lease ends: a mail still waiting here when its
// lease ran out would be claimed and sent by another relay, then sent again
// by this one. Before, a relay claimed sixteen at a time for 120 s and sent
// them at up to 15 s each.

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <boost/asio/io_context.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "relay/assistant/faq_assistant.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/conversation/mail_transactions.hpp"
#include "relay/core/clock.hpp"
#include "relay/hub/local_hub.hpp"
#include "relay/workers/mail_worker.hpp"
#include "tests/support/inline_store.hpp"
#include "tests/support/seeded_random.hpp"

namespace {

// An SMTP server that takes connections and never says a word: every send
// lasts its whole timeout.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd_, 64) == 0);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace

TEST_CASE("mail claims: a relay of a cluster claims only the mail it can send before the claim runs out") {
  boost::asio::io_context io;
  baton::Config config;
  config.store = "postgres://cluster";  // the claiming path; the rows themselves are in SQLite here
  baton::test::InlineStore store(":memory:", io.get_executor(), false);
  baton::LocalHub hub;
  baton::FaqAssistant assistant(baton::FaqAssistant::Settings{"Assistant", {}}, {});
  baton::test::SeededRandom random;
  baton::SystemClock clock;
  baton::ConversationService service(config, store, hub, assistant, random, clock);

  std::string session_id;
  service.create_session({}, "https://shop.example", [&](baton::Outcome<baton::CreatedSession> created) {
    REQUIRE(std::holds_alternative<baton::CreatedSession>(created));
    session_id = std::get<baton::CreatedSession>(created).session.id;
  });
  io.run();
  io.restart();
  REQUIRE(!session_id.empty());
  service.run<bool>(
      [&](baton::SessionLog& log) {
        for (int i = 0; i < 5; ++i) {
          baton::queue_mail(log, session_id, "support" + std::to_string(i),
                            {.from = "relay@shop.example", .to = "team@shop.example", .subject = "s", .body = "b"});
        }
        return true;
      },
      [](baton::Outcome<bool>) {});
  io.run();
  io.restart();

  SilentServer server;
  baton::SmtpSettings smtp{.url = server.url(), .from = "relay@shop.example", .timeout = std::chrono::seconds(1)};
  // Each send takes up to 1 s and its outcome a second more: two fit in 4.5 s.
  baton::MailWorker worker(io.get_executor(), service, smtp, 60'000, 4'500);

  auto claimed = [&] {
    auto now = clock.now_ms();
    int n = 0;
    for (const auto& mail : store.reader().mail().due(now + 3'600'000, 100)) n += mail.next_attempt_ms > now + 1'000;
    return n;
  };
  auto attempted = [&] {
    int n = 0;
    for (const auto& mail : store.reader().mail().due(clock.now_ms() + 3'600'000, 100)) n += mail.attempts > 0;
    return n;
  };

  worker.start();
  for (int i = 0; i < 100 && claimed() == 0; ++i) io.run_for(std::chrono::milliseconds(50));
  CHECK(claimed() == 2);
  // While those two are being sent, a look (poked, or on its tick) claims no more.
  worker.poke();
  io.run_for(std::chrono::milliseconds(300));
  CHECK(claimed() == 2);
  // Both time out and are recorded; then the next two are claimed.
  for (int i = 0; i < 200 && attempted() < 2; ++i) io.run_for(std::chrono::milliseconds(50));
  CHECK(attempted() == 2);
  for (int i = 0; i < 100 && claimed() < 4; ++i) io.run_for(std::chrono::milliseconds(50));
  CHECK(claimed() == 4);  // the two failed wait their retry, the next two are claimed

  worker.stop();
  io.run_for(std::chrono::milliseconds(2'500));
}
