// What the event loop does after a commit: one effect that fails must not
// keep the others from hearing of it. Before, a frame whose publishing threw
// skipped the rest, the outbox among them, and a row it was never told had
// finished kept its recipient's lane in flight for good.

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <stdexcept>
#include <vector>

#include "relay/assistant/faq_assistant.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/conversation/work_queues.hpp"
#include "relay/core/clock.hpp"
#include "tests/support/inline_store.hpp"
#include "tests/support/seeded_random.hpp"

namespace {

// A hub whose publishing always fails, as a full Redis pipe or an
// allocation might make it.
class FailingHub final : public baton::Hub {
 public:
  void subscribe(const std::string&, const std::shared_ptr<baton::Subscriber>&) override {}
  void unsubscribe(const std::string&, const baton::Subscriber*) override {}
  void publish(const std::string&, const baton::SharedFrame&) override {
    ++publish_attempts;
    throw std::runtime_error("publishing refused");
  }
  void publish_to_all(const baton::SharedFrame&) override { throw std::runtime_error("publishing refused"); }
  std::size_t subscribers(std::string_view) const override { return 0; }
  int publish_attempts = 0;
};

struct RecordingOutbox final : baton::OutboxQueue {
  void apply(const baton::Effects& effects) override {
    finished.insert(finished.end(), effects.finished.begin(), effects.finished.end());
  }
  std::vector<std::int64_t> finished;
};

struct CountingMail final : baton::MailQueue {
  void poke() override { ++pokes; }
  int pokes = 0;
};

}  // namespace

TEST_CASE("committed effects: frames that cannot be published still let the outbox and the mail hear of the commit") {
  boost::asio::io_context io;
  baton::Config config;
  baton::test::InlineStore store(":memory:", io.get_executor(), false);
  FailingHub hub;
  baton::FaqAssistant assistant(baton::FaqAssistant::Settings{"Assistant", {}}, {});
  baton::test::SeededRandom random;
  baton::SystemClock clock;
  baton::ConversationService service(config, store, hub, assistant, random, clock);
  RecordingOutbox outbox;
  CountingMail mail;
  service.attach_outbox(&outbox);
  service.attach_mail(&mail);

  bool answered = false;
  service.run<bool>(
      [](baton::SessionLog& log) {
        auto& effects = log.effects();
        effects.frames.emplace_back("s-1", baton::ServerFrame{baton::Ack{}});
        effects.frames.emplace_back("s-2", baton::ServerFrame{baton::Ack{}});
        effects.finished.push_back(41);
        effects.mail_queued = true;
        return true;
      },
      [&](baton::Outcome<bool> outcome) { answered = std::holds_alternative<bool>(outcome); });
  io.run();

  CHECK(answered);
  CHECK(hub.publish_attempts == 2);  // the first frame's failure did not skip the second
  CHECK(outbox.finished == std::vector<std::int64_t>{41});
  CHECK(mail.pokes == 1);
}
