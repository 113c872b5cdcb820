#pragma once
// wa-sim as a whole: the event loop, its listeners and the simulator state,
// from start until SIGTERM/SIGINT.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <optional>
#include <ostream>

#include "relay/http/http_server.hpp"
#include "tools/wa-sim/control_api.hpp"
#include "tools/wa-sim/graph_api.hpp"
#include "tools/wa-sim/phone_page.hpp"
#include "tools/wa-sim/sim_options.hpp"
#include "tools/wa-sim/sim_router.hpp"
#include "tools/wa-sim/sim_state.hpp"

namespace baton::sim {

class SimApp {
 public:
  // Throws OptionError for settings that cannot be used (certificates,
  // webhook URL).
  explicit SimApp(SimOptions options);

  // Binds the listeners (OptionError if one cannot be used) and writes the
  // "listening on" and "control on" lines to `announce`.
  void start(std::ostream& announce);
  // Returns once a signal stopped the simulator.
  void run();

 private:
  void stop();

  SimOptions options_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  std::optional<boost::asio::ssl::context> tls_;
  std::unique_ptr<SimState> state_;
  std::unique_ptr<GraphApi> graph_;
  std::unique_ptr<ControlApi> control_;
  PhonePage page_;
  std::unique_ptr<SimRouter> router_;
  std::unique_ptr<SimRouter> control_router_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<HttpServer> control_server_;
};

}  // namespace baton::sim
