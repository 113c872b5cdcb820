// The llm-sim executable: llm-sim [--listen HOST:PORT] [--key KEY] [--model NAME]
// Prints "listening on http://HOST:PORT" once ready; stops on SIGTERM/SIGINT.

#include <boost/asio/signal_set.hpp>
#include <iostream>

#include "relay/core/log.hpp"
#include "tools/llm-sim/llm_sim.hpp"

int main(int argc, char** argv) {
  baton::llm::Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "llm-sim [--listen HOST:PORT] [--key KEY] [--model NAME]\n"
                   "A local OpenAI-compatible chat completions server for tests (docs/llm-sim.md).\n";
      return 0;
    }
    if (i + 1 >= argc) {
      std::cerr << "llm-sim: " << arg << " needs a value\n";
      return 2;
    }
    std::string value = argv[++i];
    if (arg == "--listen") {
      auto colon = value.rfind(':');
      if (colon == std::string::npos) {
        std::cerr << "llm-sim: --listen needs HOST:PORT\n";
        return 2;
      }
      options.host = value.substr(0, colon);
      try {
        options.port = static_cast<std::uint16_t>(std::stoul(value.substr(colon + 1)));
      } catch (const std::exception&) {
        std::cerr << "llm-sim: --listen needs HOST:PORT\n";
        return 2;
      }
    } else if (arg == "--key") {
      options.key = value;
    } else if (arg == "--model") {
      options.model = value;
    } else {
      std::cerr << "llm-sim: unknown flag " << arg << "\n";
      return 2;
    }
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
