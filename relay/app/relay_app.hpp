#pragma once
// The relay assembled: store, hub, assistant, conversation service, WhatsApp
// outbox, HTTP server. One event-loop thread serves every socket; the store's
// writer thread does the fsyncs, so waiting for the disk never stalls a socket.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <condition_variable>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <thread>

#include "relay/app/event_loop.hpp"
#include "relay/core/config.hpp"

namespace baton {

class RelayApp {
 public:
  // Opens the store and prepares everything; throws ConfigError or
  // std::runtime_error when the configuration cannot work.
  RelayApp(Config config, std::ostream& announce);
  ~RelayApp();

  // Binds the listening socket and restores unfinished outbox rows.
  boost::asio::ip::tcp::endpoint start();
  // Serves until SIGTERM or SIGINT, then shuts down gracefully.
  void run();
  void stop();

 private:
  static constexpr auto shutdown_deadline = std::chrono::seconds(20);
  static constexpr auto availability_check_interval = std::chrono::seconds(5);
  void watch_availability();
  // In a cluster: settings the admin page changed on another relay are put
  // in force here too (relay/app/settings_reload.hpp), and the outbox hears
  // of work for its lanes and of relays joining or leaving.
  void follow_the_other_relays();
  bool stopping_ = false;
  // The retention policy runs hourly (and at start): erasing is idempotent.
  std::chrono::steady_clock::time_point next_retention_run_{};

  struct Parts;
  Config config_;
  EventLoop io_{1};
  std::unique_ptr<Parts> parts_;
  boost::asio::signal_set signals_{io_, SIGINT, SIGTERM};
  std::thread watchdog_;
  std::mutex watchdog_mutex_;
  std::condition_variable watchdog_wake_;
  bool drained_ = false;
};

}  // namespace baton
