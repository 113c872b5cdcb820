// The relay executable: configuration, then RelayApp until SIGTERM/SIGINT.

#include <iostream>
#include <sys/resource.h>

#include "relay/app/relay_app.hpp"
#include "relay/core/config.hpp"
#include "relay/core/log.hpp"

extern char** environ;

namespace {

baton::ConfigSources sources_from_process(int argc, char** argv) {
  baton::ConfigSources sources;
  for (int i = 1; i < argc; ++i) sources.args.emplace_back(argv[i]);
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    auto eq = text.find('=');
    if (eq != std::string_view::npos && text.starts_with("RELAY_")) {
      sources.environment.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
    }
  }
  return sources;
}

std::filesystem::path default_web_root(const char* argv0) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) self = std::filesystem::absolute(argv0);
  return self.parent_path().parent_path() / "web";
}

// Each open tab is a socket: allow as many as the system lets this process have.
void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") {
      std::cout << baton::config_usage();
      return 0;
    }
  }
  raise_open_file_limit();
  try {
    auto config = baton::load_config(sources_from_process(argc, argv));
    baton::log::Level level{};
    baton::log::parse_level(config.log_level, level);
    baton::log::set_level(level);
    if (config.web_root.empty()) config.web_root = default_web_root(argv[0]);

    baton::RelayApp app(config, std::cout);
    auto endpoint = app.start();
    auto host = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                           : endpoint.address().to_string();
    std::cout << "listening on http://" << host << ":" << endpoint.port() << std::endl;
    app.run();
    return 0;
  } catch (const baton::ConfigError& e) {
    std::cerr << "relay: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "relay: " << e.what() << std::endl;
    return 1;
  }
}
