// The llm-sim executable: llm-sim [--listen HOST:PORT] [--key KEY] [--model NAME]
// Prints "listening on http://HOST:PORT" once ready; stops on SIGTERM/SIGINT.

#include <boost/asio/signal_set.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "relay/core/command_line.hpp"
#include "relay/core/log.hpp"
#include "tools/llm-sim/llm_sim.hpp"

namespace {

const baton::FlagSpec flags[] = {
    {"listen", "HOST:PORT", "where to listen (default 127.0.0.1:0: any free port)"},
    {"key", "KEY", "when set, calls need Authorization: Bearer KEY"},
    {"model", "NAME", "when set, other model names get 404 model_not_found"},
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (baton::wants_help(args)) {
    std::cout << "usage: llm-sim [flags]\n\nA local OpenAI-compatible chat completions server for tests "
                 "(docs/llm-sim.md).\n\n"
              << baton::flag_usage(flags);
    return 0;
  }
  baton::llm::Options options;
  try {
    for (const auto& [name, value] : baton::read_flags(args, flags)) {
      if (name == "listen") {
        auto where = baton::parse_host_port(name, value);
        options.host = where.host;
        options.port = where.port;
      } else if (name == "key") {
        options.key = value;
      } else if (name == "model") {
        options.model = value;
      }
    }
  } catch (const baton::CommandLineError& e) {
    std::cerr << "llm-sim: " << e.what() << "\n";
    return 2;
  }
  try {
    baton::log::set_component("llm-sim");
    boost::asio::io_context io;
    baton::llm::LlmSim sim(io, options);
    auto bound = sim.listen();
    sim.start();
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](auto, int) {
      sim.stop();
      io.stop();
    });
    std::cout << "listening on http://" << bound.address().to_string() << ":" << bound.port() << std::endl;
    io.run();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "llm-sim: " << e.what() << std::endl;
    return 1;
  }
}
