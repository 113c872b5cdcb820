// The wa-sim executable: options, then SimApp until SIGTERM/SIGINT.

#include <iostream>

#include "relay/core/log.hpp"
#include "tools/wa-sim/sim_app.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::cout << baton::sim::options_usage();
      return 0;
    }
  }
  try {
    auto options = baton::sim::parse_options(args);
    baton::log::set_component("wa-sim");
    baton::log::Level level{};
    baton::log::parse_level(options.log_level, level);
    baton::log::set_level(level);
    baton::sim::SimApp app(std::move(options));
    app.start(std::cout);
    app.run();
    return 0;
  } catch (const baton::sim::OptionError& e) {
    std::cerr << "wa-sim: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "wa-sim: " << e.what() << std::endl;
    return 1;
  }
}
